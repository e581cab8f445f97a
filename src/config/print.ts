// Printing is concatenation of each line's bytes in tree order: nothing is re-formatted. Lines that
// sit next to each other in the same source are copied as one range, so printing an unedited file
// is a single copy (no object per line: that was most of print's time on a 10,000-service file).

import { Document, LineNode, Node, lineEnd, lineStart } from './cst';

export function print(doc: Document): Buffer {
  const srcs: Buffer[] = [];
  const from: number[] = [];
  const to: number[] = [];
  let total = 0;
  collectLines(doc.body, (line) => {
    const src = line.toks.src;
    const s = lineStart(line);
    const e = lineEnd(line);
    const last = srcs.length - 1;
    if (last >= 0 && srcs[last] === src && to[last] === s) to[last] = e;
    else {
      srcs.push(src);
      from.push(s);
      to.push(e);
    }
    total += e - s;
  });
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (let i = 0; i < srcs.length; i++) at += srcs[i].copy(out, at, from[i], to[i]);
  return out;
}

export function collectLines(nodes: readonly Node[], fn: (line: LineNode) => void): void {
  for (const n of nodes) {
    if (n.type === 'line') fn(n);
    else {
      fn(n.open);
      collectLines(n.body, fn);
      if (n.close) fn(n.close);
    }
  }
}
