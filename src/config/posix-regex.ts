// nanny's use_regex: regcomp(expect, REG_EXTENDED) and regexec on the first read (glibc, POSIX
// extended syntax with GNU's \w \s \b extras), translated to a JavaScript RegExp. Only whether it
// matches counts, so leftmost-longest against leftmost-first does not matter. The differences that
// do: `.` matches a newline (no REG_NEWLINE), `^`/`$` only at the ends, a backslash inside a bracket
// is a plain character, `[[:digit:]]` classes, a leading `*` is an error, `a**` is not.

export type PosixRegex = { readonly ok: true; readonly regexp: RegExp } | { readonly ok: false; readonly error: string };

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: '0-9A-Za-z', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', print: ' -~', graph: '!-~', cntrl: '\\x00-\\x1f\\x7f', xdigit: '0-9A-Fa-f',
};

/** A character for use inside a JS class, escaped. */
function classChar(c: string): string {
  return /[\\\]\[^-]/.test(c) ? `\\${c}` : c;
}

/** A literal character outside a class, escaped. */
function literal(c: string): string {
  return /[\\^$.*+?()[\]{}|\/]/.test(c) ? `\\${c}` : c;
}

/** Parses a POSIX bracket expression starting after `[`; returns the JS class and where it ends. */
function bracket(p: string, start: number): { text: string; end: number } | string {
  let i = start;
  let out = '[';
  if (p[i] === '^') {
    out += '^';
    i++;
  }
  let first = true;
  for (;;) {
    if (i >= p.length) return 'unmatched [ or [^';
    const c = p[i];
    if (c === ']' && !first) return { text: out + ']', end: i + 1 };
    first = false;
    if (c === '[' && (p[i + 1] === ':' || p[i + 1] === '.' || p[i + 1] === '=')) {
      const kind = p[i + 1];
      const close = p.indexOf(`${kind}]`, i + 2);
      if (close < 0) return 'unmatched [ or [^';
      const name = p.slice(i + 2, close);
      if (kind === ':') {
        const cls = CLASSES[name];
        if (cls === undefined) return `invalid character class [:${name}:]`;
        out += cls;
      } else {
        // collating element / equivalence class: a single character in the C locale
        if (name.length !== 1) return `invalid collation character [${kind}${name}${kind}]`;
        out += classChar(name);
      }
      i = close + 2;
      continue;
    }
    // a range a-z; a `-` first or last is literal
    if (p[i + 1] === '-' && p[i + 2] !== undefined && p[i + 2] !== ']') {
      const lo = c;
      const hi = p[i + 2];
      if (hi.charCodeAt(0) < lo.charCodeAt(0)) return `invalid range end ${lo}-${hi}`;
      out += `${classChar(lo)}-${classChar(hi)}`;
      i += 3;
      continue;
    }
    out += classChar(c);
    i++;
  }
}

/** Translates a POSIX extended regex to a JavaScript one that matches the same byte strings (as latin1 text). */
export function compilePosixExtended(pattern: string): PosixRegex {
  let out = '';
  // whether an operand precedes (a `*`, `+`, `?` or `{` there is an error in ERE)
  let operand = false;
  let depth = 0;
  let groups = 0;
  // where the last atom starts in `out` (a quantifier on a quantifier wraps it: JS refuses a**)
  let atomStart = 0;
  let quantified = false;
  const groupStarts: number[] = [];
  const quantify = (q: string) => {
    if (quantified) out = `${out.slice(0, atomStart)}(?:${out.slice(atomStart)})`;
    out += q;
    quantified = true;
  };
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === '\\') {
      atomStart = out.length;
      quantified = false;
      const n = pattern[i + 1];
      if (n === undefined) return { ok: false, error: 'trailing backslash' };
      if (/[1-9]/.test(n)) {
        if (Number(n) > groups) return { ok: false, error: `invalid back reference \\${n}` };
        out += `\\${n}`;
      } else if ('wWsSbB'.includes(n)) out += `\\${n}`;
      else if (n === '<' || n === '>') out += '\\b';
      else if (n === '`') out += '^';
      else if (n === "'") out += '$';
      else out += literal(n);
      operand = !('bB<>`\''.includes(n));
      i += 2;
      continue;
    }
    if (c === '[') {
      atomStart = out.length;
      quantified = false;
      const b = bracket(pattern, i + 1);
      if (typeof b === 'string') return { ok: false, error: b };
      out += b.text;
      i = b.end;
      operand = true;
      continue;
    }
    if (c === '*' || c === '+' || c === '?') {
      if (!operand) return { ok: false, error: `nothing before ${c}` };
      quantify(c);
      i++;
      continue;
    }
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (!m) return { ok: false, error: 'invalid interval {' };
      if (!operand) return { ok: false, error: 'nothing before {' };
      if (m[3] !== undefined && m[3] !== '' && Number(m[3]) < Number(m[1])) return { ok: false, error: `invalid interval ${m[0]}` };
      quantify(m[0]);
      i += m[0].length;
      continue;
    }
    if (c === '(') {
      groupStarts.push(out.length);
      depth++;
      groups++;
      out += '(';
      operand = false;
      i++;
      continue;
    }
    if (c === ')') {
      // RE_UNMATCHED_RIGHT_PAREN_ORD: an unmatched `)` is an ordinary character
      quantified = false;
      if (depth === 0) {
        atomStart = out.length;
        out += '\\)';
      } else {
        depth--;
        atomStart = groupStarts.pop()!;
        out += ')';
      }
      operand = true;
      i++;
      continue;
    }
    if (c === '|') {
      out += '|';
      operand = false;
      i++;
      continue;
    }
    if (c === '^' || c === '$') {
      out += c;
      operand = false;
      i++;
      continue;
    }
    atomStart = out.length;
    quantified = false;
    if (c === '.') out += '.';
    else out += literal(c);
    operand = true;
    i++;
  }
  if (depth > 0) return { ok: false, error: 'unmatched ( or \\(' };
  try {
    return { ok: true, regexp: new RegExp(out, 's') };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
