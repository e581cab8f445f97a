// Paths tests share: the repository root, the built CLI and the spec folder beside the repo.

import { join } from 'node:path';

/** repository root (tests run from dist/test/...) */
export const REPO = join(__dirname, '..', '..', '..');
export const BIN = join(REPO, 'bin', 'lvs-tui');
export const SPEC = join(REPO, '..', 'shared', 'spec');
/** copies of the spec's sample lvs.cf files (see test/fixtures/spec-samples/README.md) */
export const SAMPLES = join(REPO, 'test', 'fixtures', 'spec-samples');
export const SPEC_SAMPLES = join(SPEC, 'samples');
export const FIXTURES = join(REPO, 'test', 'fixtures');
