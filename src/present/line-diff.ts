// A small unified line diff (pure). Common head and tail are trimmed first, so the usual edit of a
// few lines in a large file costs almost nothing; the rest is an LCS table, or, when that would be
// too large, one block replacing the other (still a correct diff, only less tidy).

export type DiffOp = { readonly op: ' ' | '-' | '+'; readonly text: string };

/** Lines with their newline kept, so "\r\n" and a missing final newline show in the diff. */
export function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

const MAX_TABLE = 4_000_000;

export function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const ops: DiffOp[] = [];
  for (let i = 0; i < head; i++) ops.push({ op: ' ', text: a[i] });
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  const n = am.length;
  const m = bm.length;
  if ((n + 1) * (m + 1) > MAX_TABLE) {
    for (const t of am) ops.push({ op: '-', text: t });
    for (const t of bm) ops.push({ op: '+', text: t });
  } else {
    // lcs[i][j] = LCS length of am[i..] and bm[j..]
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] = am[i] === bm[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (am[i] === bm[j]) {
        ops.push({ op: ' ', text: am[i] });
        i++;
        j++;
      } else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) ops.push({ op: '-', text: am[i++] });
      else ops.push({ op: '+', text: bm[j++] });
    }
    while (i < n) ops.push({ op: '-', text: am[i++] });
    while (j < m) ops.push({ op: '+', text: bm[j++] });
  }
  for (let i = a.length - tail; i < a.length; i++) ops.push({ op: ' ', text: a[i] });
  return ops;
}

function showLine(op: DiffOp): string {
  if (op.text.endsWith('\n')) return op.op + op.text;
  return `${op.op}${op.text}\n\\ No newline at end of file\n`;
}

/** `diff -u` style text; "" when the two texts are equal. */
export function unifiedDiff(oldText: string, newText: string, oldLabel: string, newLabel: string, context = 3): string {
  if (oldText === newText) return '';
  // Only the differing middle (with its context lines) is split and diffed: a sync of a 2.5 MiB
  // lvs.cf with one line changed made an op per line of the whole file.
  const t = trimCommon(oldText, newText, context);
  return unifiedDiffOfLines(splitLines(t.oldMiddle), splitLines(t.newMiddle), oldLabel, newLabel, context, t.linesBefore + 1);
}

/** index of the first character after the next "\n" at or after `from` (the text's length when none) */
function nextLineStart(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl + 1;
}

/**
 * The two texts without the whole lines they share at the start and at the end, less `keep` lines
 * of each kept as context; `linesBefore` is how many lines were cut from the start.
 */
export function trimCommon(a: string, b: string, keep: number): { oldMiddle: string; newMiddle: string; linesBefore: number } {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  // the start of the line holding the first difference, then `keep` lines further back
  let start = i === 0 ? 0 : a.lastIndexOf('\n', i - 1) + 1;
  for (let k = 0; k < keep && start > 0; k++) start = a.lastIndexOf('\n', start - 2) + 1;
  let linesBefore = 0;
  for (let p = a.indexOf('\n'); p >= 0 && p < start; p = a.indexOf('\n', p + 1)) linesBefore++;
  // the common tail, not reaching into the head already cut
  let j = 0;
  while (j < n - start && a.charCodeAt(a.length - 1 - j) === b.charCodeAt(b.length - 1 - j)) j++;
  // cut after a newline inside the common tail (so both cuts fall at a line start), then `keep` lines on
  let aEnd = j === 0 ? a.length : nextLineStart(a, a.length - j);
  for (let k = 0; k < keep && aEnd < a.length; k++) aEnd = nextLineStart(a, aEnd);
  const tailLength = a.length - aEnd;
  return { oldMiddle: a.slice(start, aEnd), newMiddle: b.slice(start, b.length - tailLength), linesBefore };
}

/** unifiedDiff of texts already split into lines, the first of them numbered `firstLine` in both. */
export function unifiedDiffOfLines(oldLines: readonly string[], newLines: readonly string[], oldLabel: string, newLabel: string, context = 3, firstLine = 1): string {
  const ops = diffLines(oldLines, newLines);
  const changed: number[] = [];
  ops.forEach((o, k) => {
    if (o.op !== ' ') changed.push(k);
  });
  if (!changed.length) return '';
  // Group changes whose context overlaps into hunks.
  const hunks: Array<[number, number]> = [];
  for (const k of changed) {
    const from = Math.max(0, k - context);
    const to = Math.min(ops.length, k + context + 1);
    const last = hunks[hunks.length - 1];
    if (last && from <= last[1]) last[1] = to;
    else hunks.push([from, to]);
  }
  // Line numbers where each op index starts, in the old and the new text.
  const oldNo: number[] = [];
  const newNo: number[] = [];
  let on = firstLine;
  let nn = firstLine;
  for (const o of ops) {
    oldNo.push(on);
    newNo.push(nn);
    if (o.op !== '+') on++;
    if (o.op !== '-') nn++;
  }
  let out = `--- ${oldLabel}\n+++ ${newLabel}\n`;
  for (const [from, to] of hunks) {
    const slice = ops.slice(from, to);
    const oldCount = slice.filter((o) => o.op !== '+').length;
    const newCount = slice.filter((o) => o.op !== '-').length;
    const oldStart = oldCount ? oldNo[from] : oldNo[from] - 1;
    const newStart = newCount ? newNo[from] : newNo[from] - 1;
    out += `@@ -${oldStart},${oldCount} +${newStart},${newCount} @@\n`;
    for (const o of slice) out += showLine(o);
  }
  return out;
}
