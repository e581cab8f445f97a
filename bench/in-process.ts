// In-process timings of each stage of `lvs-tui check`, so a regression shows which stage it is in.
// Each stage runs `runs` times on the same input; the result of the previous stage feeds the next.

import { lex } from '../src/config/lexer';
import { parse } from '../src/config/parse';
import { print } from '../src/config/print';
import { buildModel } from '../src/config/model';
import { validate } from '../src/config/validate';
import { median } from './measure';

export interface StageTimes {
  readonly stage: string;
  readonly minMs: number;
  readonly medianMs: number;
}

function time<T>(stage: string, runs: number, fn: () => T): { result: T; times: StageTimes } {
  const ms: number[] = [];
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    result = fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { result, times: { stage, minMs: Math.min(...ms), medianMs: median(ms) } };
}

export function timeStages(src: Buffer, runs: number): StageTimes[] {
  const out: StageTimes[] = [];
  out.push(time('lex', runs, () => lex(src)).times);
  const p = time('parse', runs, () => parse(src));
  out.push(p.times);
  const printed = time('print', runs, () => print(p.result));
  if (Buffer.compare(printed.result, src) !== 0) throw new Error('print(parse(src)) is not the input: the benchmark file does not round-trip');
  out.push(printed.times);
  const m = time('buildModel', runs, () => buildModel(p.result));
  out.push(m.times);
  out.push(time('validate', runs, () => validate(p.result, { src, config: m.result })).times);
  return out;
}
