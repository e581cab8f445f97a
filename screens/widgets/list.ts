// A list drawn by hand in one box: a header, the rows that fit (only the visible window is
// formatted, so 2,000+ rows stay fast), the selected row inverse and marked with ">" (readable
// without colour). Keys: arrows and j/k move, PageUp/PageDown/Home/End (g/G) jump, Enter/a/d/
// Space call back, / filters (typing, Enter keeps the filter, Esc clears it). The first row is
// selected when the list opens.

import type { Widgets } from 'blessed';
import { escapeTags, fit } from './text';

export interface ListColumn {
  readonly title: string;
  readonly width: number;
  /** index of its text in a row's cells (default: the column's position) */
  readonly cell?: number;
}

export type RowLevel = 'ok' | 'warn' | 'bad' | 'off' | 'info';

export interface ListRow {
  readonly id: string;
  readonly cells: readonly string[];
  readonly level?: RowLevel;
}

export interface ListOptions {
  readonly parent: Widgets.Node;
  readonly top: number;
  readonly bottom?: number;
  readonly label: string;
  readonly columns: readonly ListColumn[];
  /** the columns for a line this wide (narrow terminals drop or shorten some); default `columns` */
  columnsFor?(width: number): readonly ListColumn[];
  /**
   * a row as drawn, with cells known only now (the router's live state): called for the rows on
   * screen only, at each draw; the filter does not see what it adds
   */
  decorate?(row: ListRow): ListRow;
  readonly colour: boolean;
  readonly unicode: boolean;
  readonly emptyText: string;
  onOpen?(row: ListRow): void;
  onAdd?(): void;
  onDelete?(row: ListRow): void;
  onToggle?(row: ListRow): void;
  /** after every change of the selection or the filter */
  onChange?(): void;
}

export interface ListWidget {
  readonly box: Widgets.BoxElement;
  setRows(rows: readonly ListRow[]): void;
  selected(): ListRow | null;
  select(id: string): void;
  /** the rows shown (after the filter) */
  visibleRows(): readonly ListRow[];
  filter(): string;
  /** typing into the filter: keys go there, not to global keys */
  readonly filtering: boolean;
  handleKey(name: string, typed: string | null): boolean;
  draw(): void;
}

const LEVEL_COLOUR: Record<RowLevel, string> = { ok: 'green', warn: 'yellow', bad: 'red', off: 'gray', info: '' };

export function createList(opts: ListOptions): ListWidget {
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
  let all: readonly ListRow[] = [];
  let shown: readonly ListRow[] = [];
  let selectedIndex = 0;
  let offset = 0;
  let filterText = '';
  let filtering = false;

  const innerHeight = () => Math.max(1, (typeof box.height === 'number' ? box.height : 10) - 2);
  // blessed wraps a line that fills the whole inner width: keep one column free
  const innerWidth = () => Math.max(10, (typeof box.width === 'number' ? box.width : 80) - Number((box as unknown as { iwidth?: number }).iwidth ?? 2) - 1);
  // rows are prefixed with one column: ">" on the selected one

  const applyFilter = () => {
    const keepId = shown[selectedIndex]?.id;
    const f = filterText.toLowerCase();
    shown = f ? all.filter((r) => r.cells.some((c) => c.toLowerCase().includes(f))) : all;
    const i = keepId === undefined ? -1 : shown.findIndex((r) => r.id === keepId);
    selectedIndex = i >= 0 ? i : 0;
  };

  let columnsWidth = -1;
  let columns: readonly ListColumn[] = opts.columns;
  const columnsNow = (w: number) => {
    if (opts.columnsFor && w !== columnsWidth) {
      columns = opts.columnsFor(w);
      columnsWidth = w;
    }
    return columns;
  };

  const line = (cells: readonly string[]) => {
    const w = innerWidth() - 1;
    const cols = columnsNow(w);
    let out = '';
    cols.forEach((c, i) => {
      const last = i === cols.length - 1;
      out += fit(cells[c.cell ?? i] ?? '', last ? Math.max(1, w - out.length) : c.width) + (last ? '' : ' ');
    });
    return fit(out, w);
  };

  const draw = () => {
    const h = innerHeight() - 1 - (filtering || filterText ? 1 : 0);
    if (selectedIndex >= shown.length) selectedIndex = Math.max(0, shown.length - 1);
    if (selectedIndex < offset) offset = selectedIndex;
    if (selectedIndex >= offset + h) offset = selectedIndex - h + 1;
    offset = Math.max(0, Math.min(offset, Math.max(0, shown.length - h)));
    const titles: string[] = [];
    columnsNow(innerWidth() - 1).forEach((c, i) => (titles[c.cell ?? i] = c.title));
    const out: string[] = [`{bold} ${escapeTags(line(titles))}{/bold}`];
    if (shown.length === 0) out.push(` ${escapeTags(filterText ? `nothing matches "${filterText}"` : opts.emptyText)}`);
    for (let i = offset; i < Math.min(shown.length, offset + h); i++) {
      const r = opts.decorate ? opts.decorate(shown[i]) : shown[i];
      const text = escapeTags(line(r.cells));
      const sel = i === selectedIndex;
      const c = opts.colour && r.level ? LEVEL_COLOUR[r.level] : '';
      const body = c && !sel ? `{${c}-fg}${text}{/${c}-fg}` : text;
      out.push(sel ? `{inverse}>${body}{/inverse}` : ` ${body}`);
    }
    if (filtering || filterText) {
      const where = shown.length ? `${selectedIndex + 1}/${shown.length}` : '0';
      out.push(escapeTags(`/${filterText}${filtering ? '_' : ''}  (${where} of ${all.length}${filtering ? '; Enter keeps, Esc clears' : ''})`));
    }
    box.setContent(out.join('\n'));
  };

  const move = (to: number) => {
    if (!shown.length) return;
    selectedIndex = Math.max(0, Math.min(shown.length - 1, to));
    draw();
    opts.onChange?.();
  };

  const widget: ListWidget = {
    box,
    setRows(rows) {
      all = rows;
      applyFilter();
      draw();
    },
    selected: () => shown[selectedIndex] ?? null,
    select(id) {
      const i = shown.findIndex((r) => r.id === id);
      if (i >= 0) selectedIndex = i;
      draw();
    },
    visibleRows: () => shown,
    filter: () => filterText,
    get filtering() {
      return filtering;
    },
    handleKey(name, typed) {
      if (filtering) {
        if (name === 'enter') filtering = false;
        else if (name === 'escape') {
          filtering = false;
          filterText = '';
        } else if (name === 'backspace') filterText = filterText.slice(0, -1);
        else if (name === 'C-u') filterText = '';
        else if (name === 'space') filterText += ' ';
        else if (typed !== null && typed.length === 1) filterText += typed;
        else if (name === 'up' || name === 'down') {
          move(selectedIndex + (name === 'up' ? -1 : 1));
          return true;
        } else return name !== 'C-c';
        applyFilter();
        draw();
        opts.onChange?.();
        return true;
      }
      const page = Math.max(1, innerHeight() - 2);
      switch (name) {
        case 'up':
        case 'k':
          move(selectedIndex - 1);
          return true;
        case 'down':
        case 'j':
          move(selectedIndex + 1);
          return true;
        case 'pageup':
          move(selectedIndex - page);
          return true;
        case 'pagedown':
          move(selectedIndex + page);
          return true;
        case 'home':
        case 'g':
          move(0);
          return true;
        case 'end':
        case 'G':
          move(shown.length - 1);
          return true;
        case '/':
          filtering = true;
          draw();
          return true;
        case 'escape':
          if (!filterText) return false;
          filterText = '';
          applyFilter();
          draw();
          return true;
      }
      const row = shown[selectedIndex] ?? null;
      if (name === 'enter' && opts.onOpen) {
        if (row) opts.onOpen(row);
        return true;
      }
      if (name === 'a' && opts.onAdd) {
        opts.onAdd();
        return true;
      }
      if (name === 'd' && opts.onDelete) {
        if (row) opts.onDelete(row);
        return true;
      }
      if (name === 'space' && opts.onToggle) {
        if (row) opts.onToggle(row);
        return true;
      }
      return false;
    },
    draw,
  };
  box.on('resize', draw);
  return widget;
}
