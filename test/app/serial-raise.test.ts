// The TUI's apply raises serial_no once, as the CLI's edits and Piranha's GUI do on each save.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withSerialRaised } from '../../src/app/apply-session';

const original = Buffer.from('serial_no = 12\nprimary = 10.0.0.1\n');

test('withSerialRaised: a changed file gets the original serial + 1, nothing else moves', () => {
  const staged = Buffer.from('serial_no = 12\nprimary = 10.0.0.2\n');
  assert.equal(withSerialRaised(original, staged).toString(), 'serial_no = 13\nprimary = 10.0.0.2\n');
});

test('withSerialRaised: unchanged bytes, no serial_no, or a serial the admin set are kept as staged', () => {
  assert.equal(withSerialRaised(original, original), original);
  const noSerial = Buffer.from('primary = 10.0.0.2\n');
  assert.equal(withSerialRaised(Buffer.from('primary = 10.0.0.1\n'), noSerial).toString(), 'primary = 10.0.0.2\n');
  const bySelf = Buffer.from('serial_no = 40\nprimary = 10.0.0.1\n');
  assert.equal(withSerialRaised(original, bySelf).toString(), 'serial_no = 40\nprimary = 10.0.0.1\n');
});
