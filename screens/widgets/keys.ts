// One name per key press. blessed reports Enter twice (as "enter" and "return") and names capital
// letters "S-a": printable characters are named by themselves, the rest by blessed's full name,
// and the duplicate "return" is dropped.

import type { KeyEvent } from '../view';

/** The key's name ('a', 'A', '[', 'enter', 'escape', 'space', 'C-u', 'S-tab', 'up'), or null to ignore. */
export function keyName(ch: string | undefined, key: KeyEvent | undefined): string | null {
  const full = key?.full;
  if (full === 'return') return null;
  if (ch === ' ') return 'space';
  if (ch !== undefined && ch.length === 1 && ch >= ' ' && ch !== '\x7f' && !key?.ctrl && !key?.meta) return ch;
  if (ch !== undefined && ch.length > 1 && !/[\x00-\x1f\x7f]/.test(ch) && !full) return ch;
  return full ?? null;
}

/** A character a text field may take: one printable character (pasted text comes one by one). */
export function isTypable(ch: string | undefined, key: KeyEvent | undefined): ch is string {
  return ch !== undefined && ch.length === 1 && ch >= ' ' && ch !== '\x7f' && !key?.ctrl && !key?.meta;
}
