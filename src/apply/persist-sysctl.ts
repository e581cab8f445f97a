// Edits the persisted sysctl file (/etc/sysctl.conf or a file under /etc/sysctl.d/) so that it
// sets the desired values. Only lines setting a managed key change, and only their value (the
// line's own blanks around `=` stay); commented-out settings stay comments; keys the file does
// not set are appended under one `# managed by lvs-tui` line. Every other byte is kept.

import { newLineEnding, splitKeepingEnds } from './text-lines';
import { SysctlSetting, canonicalSysctlKey, normalizeSysctlValue } from './render-sysctl';

export const SYSCTL_MARKER = '# managed by lvs-tui';

/** `  -key = value  ` split so that only the value is replaced; null for comments, blanks, junk. */
const SETTING = /^(\s*-?\s*)([^\s=#;][^=]*?)(\s*=\s*)(.*?)(\s*)$/;

interface Setting {
  readonly key: string;
  readonly value: string;
  readonly match: RegExpExecArray;
}

function settingOf(body: string): Setting | null {
  const m = SETTING.exec(body);
  if (!m) return null;
  try {
    return { key: canonicalSysctlKey(m[2]), value: m[4].trim().split(/\s+/).join(' '), match: m };
  } catch {
    return null; // not a key sysctl would accept: the admin's business
  }
}

/**
 * The new text of the file; `fileText` null means it does not exist (null again when nothing is
 * desired). For a key set several times sysctl applies the last line, so that is the one changed.
 * Editing an already-correct file returns the same bytes.
 */
export function editPersistedSysctl(fileText: string | null, desired: readonly SysctlSetting[]): string | null {
  const want = desired.map(([k, v]) => [canonicalSysctlKey(k), normalizeSysctlValue(v)] as const);
  if (fileText === null) {
    return want.length === 0 ? null : [SYSCTL_MARKER, ...want.map(([k, v]) => `${k} = ${v}`)].join('\n') + '\n';
  }
  const lines = splitKeepingEnds(fileText);
  const settings = lines.map((l) => settingOf(l.body));
  const last = new Map<string, number>();
  settings.forEach((s, i) => {
    if (s) last.set(s.key, i);
  });
  const bodies = lines.map((l) => l.body);
  const missing: string[] = [];
  // new lines follow the file's own style: `key=value` when its first setting has no blanks
  const firstSetting = settings.find((s) => s !== null);
  const eq = firstSetting && firstSetting.match[3] === '=' ? '=' : ' = ';
  for (const [key, value] of want) {
    const i = last.get(key);
    if (i === undefined) {
      missing.push(`${key}${eq}${value}`);
      continue;
    }
    const s = settings[i]!;
    if (s.value === value) continue;
    const m = s.match;
    // `key =` with no value: give it a blank after `=` unless the line writes `key=value`
    const sep = m[4] === '' && m[3] !== '=' && !m[3].endsWith(' ') && !m[3].endsWith('\t') ? `${m[3]} ` : m[3];
    bodies[i] = `${m[1]}${m[2]}${sep}${value}${m[5]}`;
  }
  const eol = newLineEnding(lines);
  let insertAt = lines.length;
  const marker = bodies.findIndex((b) => b.trim() === SYSCTL_MARKER);
  let block = missing;
  if (missing.length > 0) {
    if (marker >= 0) {
      // after the block of lines that follows our marker, so lvs-tui's settings stay together
      insertAt = marker + 1;
      while (insertAt < lines.length && bodies[insertAt].trim() !== '') insertAt++;
    } else {
      const lastBody = bodies.length > 0 ? bodies[bodies.length - 1] : '';
      block = [...(lastBody.trim() !== '' ? [''] : []), SYSCTL_MARKER, ...missing];
    }
  }
  let out = '';
  for (let i = 0; i <= lines.length; i++) {
    if (i === insertAt && block.length > 0 && missing.length > 0) {
      if (out !== '' && !out.endsWith('\n')) out += eol;
      for (const l of block) out += l + eol;
    }
    if (i < lines.length) out += bodies[i] + lines[i].eol;
  }
  return out;
}
