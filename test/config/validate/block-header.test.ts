import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VALID, at, replace } from './helpers';

test('block-header: a header without a name, at the "{"', () => {
  assert.deepEqual(at(replace(12, '     server {'), 'block-header'), [[12, 13, 'error']]);
});

test('block-header: a name of two words, a "{" without a blank, words after the "{"', () => {
  assert.deepEqual(at(replace(5, 'virtual web site {'), 'block-header'), [[5, 13, 'error']]);
  assert.deepEqual(at(replace(5, 'virtual web{'), 'block-header'), [[5, 12, 'error']]);
  assert.deepEqual(at(replace(12, '     server web1 { address'), 'block-header'), [[12, 20, 'error']]);
});

test('block-name: quoted names and odd characters pass pulse but break the GUI (warning)', () => {
  assert.deepEqual(at(replace(5, 'virtual "web site" {'), 'block-name'), [[5, 9, 'warning']]);
  assert.deepEqual(at(replace(5, 'virtual web:80 {'), 'block-name'), [[5, 9, 'warning']]);
  assert.deepEqual(at(replace(5, 'virtual "web site" {'), 'block-header'), []);
});

test('block-header: names of letters, digits, "_", "." and "-" are fine', () => {
  assert.deepEqual(at(replace(5, 'virtual web-80_a.b {'), 'block-header'), []);
  assert.deepEqual(at(replace(5, 'virtual web-80_a.b {'), 'block-name'), []);
  assert.deepEqual(at(VALID, 'block-header'), []);
});
