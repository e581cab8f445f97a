// Addresses compared as values, not text: lvs.cf may write an IPv4 address with leading zeros or an
// IPv6 one uncompressed, the parsers give dotted quads and RFC 5952 compressed IPv6.

/** The canonical text of an IPv4 or IPv6 address (dotted quad; RFC 5952 for IPv6); null if neither. */
export function canonicalAddress(text: string | null): string | null {
  if (text === null) return null;
  const t = text.trim();
  if (t.includes(':')) return canonicalIpv6(t.replace(/^\[|\]$/g, ''));
  return canonicalIpv4(t);
}

/** A dotted quad already in canonical form (no leading zeros), checked without allocating. */
function isCanonicalIpv4(t: string): boolean {
  let dots = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 0x2e) {
      if (digits === 0 || ++dots > 3) return false;
      digits = 0;
      value = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 && value === 0) return false; // a leading zero
      value = value * 10 + (c - 0x30);
      if (++digits > 3 || value > 255) return false;
    } else return false;
  }
  return dots === 3 && digits > 0;
}

function canonicalIpv4(t: string): string | null {
  if (isCanonicalIpv4(t)) return t;
  const parts = t.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out.join('.');
}

function canonicalIpv6(t: string): string | null {
  let text = t.toLowerCase();
  // an embedded dotted quad (::ffff:10.0.0.1) is the last two groups
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = canonicalIpv4(text.slice(lastColon + 1));
    if (v4 === null) return null;
    const b = v4.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((b[0] << 8) | b[1]).toString(16)}:${((b[2] << 8) | b[3]).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  for (const g of [...left, ...right]) if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
  if (halves.length === 1 ? left.length !== 8 : left.length + right.length > 7) return null;
  const words = [...left.map((g) => parseInt(g, 16))];
  for (let i = left.length + right.length; i < 8; i++) words.push(0);
  words.push(...right.map((g) => parseInt(g, 16)));
  // RFC 5952: the longest run of two or more zero groups (the first of equals) becomes "::"
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}
