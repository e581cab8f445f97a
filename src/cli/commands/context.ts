// What every command receives.

import { Options } from '../args';
import { Deps } from '../deps';
import { Paths } from '../paths';

export interface CommandContext {
  readonly positionals: readonly string[];
  readonly options: Options;
  readonly paths: Paths;
  readonly deps: Deps;
}
