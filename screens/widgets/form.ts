// A form drawn by hand in one box from a FormState (src/app/form-state.ts): one line per field,
// "Label ....... value", the cursor's field marked ">" and its value inverse when focused (the
// caret shown as an inverse cell), a choice as "< value >", an error on the line under its field
// marked "!" (readable without colour). Only the lines around the cursor are drawn when the form
// is taller than its box. No blessed textbox: keys come from the view, never grabbed.

import type { Widgets } from 'blessed';
import { FormState, choiceLabel } from '../../src/app/form-state';
import { escapeTags, fit, printable } from './text';

export interface FormWidget {
  readonly box: Widgets.BoxElement;
  draw(state: FormState, note?: string): void;
}

const LABEL_WIDTH = 32;

export function createForm(opts: { parent: Widgets.Node; top: number; bottom?: number; label: string; colour: boolean; unicode: boolean }): FormWidget {
  const blessed = require('blessed') as typeof import('blessed');
  const box = blessed.box({
    parent: opts.parent,
    top: opts.top,
    left: 0,
    width: '100%',
    bottom: opts.bottom ?? 0,
    tags: true,
    label: ` ${opts.label} `,
    border: { type: opts.unicode ? 'line' : 'bg', ch: '#' } as never,
  } as Widgets.BoxOptions);
  const red = (s: string) => (opts.colour ? `{red-fg}${s}{/red-fg}` : s);
  const yellow = (s: string) => (opts.colour ? `{yellow-fg}${s}{/yellow-fg}` : s);
  let last: { state: FormState; note?: string } | null = null;

  const draw = (state: FormState, note?: string) => {
    last = { state, note };
    const width = Math.max(20, (typeof box.width === 'number' ? box.width : 80) - Number((box as unknown as { iwidth?: number }).iwidth ?? 2) - 1);
    const height = Math.max(3, (typeof box.height === 'number' ? box.height : 20) - 2);
    const valueWidth = Math.max(8, width - LABEL_WIDTH - 4);
    const lines: string[] = [];
    let cursorLine = 0;
    const formError = state.errors[''];
    if (formError) lines.push(red(escapeTags(`! ${formError}`)));
    state.fields.forEach((f, i) => {
      const at = i === state.cursor;
      const value = state.values[f.id];
      let shown: string;
      if (f.kind === 'choice') {
        const label = printable(choiceLabel(f, value));
        shown = escapeTags(`< ${label} >`);
        if (at && state.focused) shown = `{inverse}${shown}{/inverse}`;
      } else {
        const v = printable(value);
        // keep the caret in view in long values
        const caret = Math.min(state.caret, v.length);
        const start = at && state.focused ? Math.max(0, caret - valueWidth + 1) : 0;
        const visible = v.slice(start, start + valueWidth);
        if (at && state.focused) {
          const c = caret - start;
          const before = escapeTags(visible.slice(0, c));
          const under = escapeTags(visible.slice(c, c + 1) || ' ');
          const after = escapeTags(visible.slice(c + 1));
          shown = `{underline}${before}{/underline}{inverse}${under}{/inverse}{underline}${after}{/underline}`;
        } else if (value === '' && f.placeholder) shown = `{gray-fg}${escapeTags(f.placeholder)}{/gray-fg}`;
        else shown = escapeTags(visible.length < v.length ? visible.slice(0, -1) + '~' : visible);
        if (!opts.colour) shown = shown.replace(/\{\/?gray-fg\}/g, '');
      }
      const err = state.errors[f.id];
      const warn = state.warnings[f.id];
      const mark = err ? '!' : at ? '>' : ' ';
      const label = escapeTags(fit(f.label, LABEL_WIDTH - 1));
      if (at) cursorLine = lines.length;
      const head = at ? `{bold}${mark} ${label}{/bold}` : `${err ? red(mark) : mark} ${label}`;
      lines.push(`${head} ${shown}`);
      if (err) lines.push(red(escapeTags(`    ! ${fit(err, width - 6).trimEnd()}`)));
      else if (warn) lines.push(yellow(escapeTags(`    warning: ${fit(warn, width - 13).trimEnd()}`)));
    });
    const help = state.fields[state.cursor]?.help;
    const footer: string[] = [];
    if (note) footer.push(escapeTags(fit(note, width).trimEnd()));
    if (help) footer.push(`{gray-fg}${escapeTags(fit(help, width).trimEnd())}{/gray-fg}`.replace(opts.colour ? /$^/ : /\{\/?gray-fg\}/g, ''));
    const room = Math.max(1, height - footer.length - (footer.length ? 1 : 0));
    let from = 0;
    if (lines.length > room) from = Math.max(0, Math.min(cursorLine - Math.floor(room / 2), lines.length - room));
    const body = lines.slice(from, from + room);
    while (footer.length && body.length < room) body.push('');
    box.setContent([...body, ...(footer.length ? ['', ...footer] : [])].join('\n'));
  };
  box.on('resize', () => last && draw(last.state, last.note));
  return { box, draw };
}
