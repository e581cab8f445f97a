// Printing is concatenation of each line's bytes in tree order: nothing is re-formatted.

import { Document, LineNode, Node, lineBytes } from './cst';

export function print(doc: Document): Buffer {
  const parts: Uint8Array[] = [];
  collectLines(doc.body, (line) => parts.push(lineBytes(line)));
  return Buffer.concat(parts);
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
