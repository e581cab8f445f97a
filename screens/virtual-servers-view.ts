// VIRTUAL SERVERS: Piranha's table of virtual servers, and each virtual server's three
// sub-screens: VIRTUAL SERVER (its form), REAL SERVER (the list of its real servers and their
// form) and MONITORING SCRIPTS (a form). `[` and `]` step between the sub-screens when no field
// has focus (wrapping); Esc goes back: from a field to the form, from the form to the list.
//
//   line 0        where you are: VIRTUAL SERVERS > www > [VIRTUAL SERVER] REAL SERVER MONITORING SCRIPTS
//   the rest      the list or the form
//
// The list's LIVE column is the router's state of each virtual (the monitor's merge of the IPVS
// table with the lvs.cf on disk, shared with tab 1 and refreshed on its ticks while the list shows);
// only the rows on screen are worked out, so a tick costs the same on 20 or 2,000 virtuals.

import type { Widgets } from 'blessed';
import { FormDef, scriptsForm, serverForm, virtualForm } from '../src/app/config-forms';
import { removeBlock, setAttribute } from '../src/config/edit';
import type { LvsConfig, VirtualServer } from '../src/config/model';
import { SERVER_COLUMNS, VCELL, VIRTUAL_COLUMNS, serverRows, virtualColumnsFor, virtualRows } from '../src/present/config-rows';
import { LiveCell, virtualLiveCell } from '../src/present/virtual-live';
import { MonitorSession, tuiMonitor } from '../src/app/monitor-session';
import { checksOfVirtual, monitorSettingsWith } from '../src/checks/check-spec';
import { createCheckOverlay } from './check-overlay';
import { createFormController, FormController } from './form-controller';
import { createRealserverKitView } from './realserver-kit-view';
import { FORM_BINDINGS } from './settings-view';
import type { Binding, KeyEvent, View, ViewHost } from './view';
import { createForm, FormWidget } from './widgets/form';
import { keyName } from './widgets/keys';
import { createList, ListRow, ListWidget } from './widgets/list';
import { cut, escapeTags } from './widgets/text';

export const SUB_SCREENS = ['VIRTUAL SERVER', 'REAL SERVER', 'MONITORING SCRIPTS'] as const;

/** The LIVE column in words, for `?` on the list (README, tab 4, says the same). */
const LIVE_HELP =
  'LIVE: what the router does with each virtual now, the IPVS table compared with lvs.cf on disk and refreshed with tab 1: ' +
  '"up 3/3" all its real servers up; "2/3 ramping" nanny is bringing weights up; "1/3 up" some down or quiesced; "down 0/3"; ' +
  '"not in IPVS" pulse has not set it up; "IPVS not loaded"; "standby" this router is the backup; "off" inactive in lvs.cf; ' +
  '"not applied" a staged virtual not applied yet. The line above the table says it for the selected one.';

const LIST_BINDINGS: readonly Binding[] = [
  { keys: ['enter'], hint: 'open', help: 'open the selected item' },
  { keys: ['a'], hint: 'add', help: 'add one (starts with Piranha\'s defaults)' },
  { keys: ['d'], hint: 'delete', help: 'delete the selected one (asks y/n)' },
  { keys: ['space'], hint: 'on/off', help: 'activate / deactivate the selected one' },
  { keys: ['/'], hint: 'filter', help: 'filter the list (Enter keeps the filter, Esc clears it)' },
  { keys: ['up', 'down', 'j', 'k'], help: 'move the selection (PageUp/PageDown, g/G: jump)' },
  { keys: ['K'], hint: 'kit', help: 'real-server kit: what this virtual\'s real servers need for direct routing or tunnelling (read-only)' },
];

const TEST_BINDING: Binding = { keys: ['t'], hint: 'test', help: 'run the check of each real server now, as nanny would (on MONITORING SCRIPTS: the form\'s unsaved values)' };

const SUB_BINDINGS: readonly Binding[] = [{ keys: ['[', ']'], hint: 'sub-screen', help: 'previous / next sub-screen of this virtual server (no field focused)' }];

type Mode =
  | { readonly kind: 'list' }
  | { readonly kind: 'virtual'; readonly name: string | null; readonly sub: 0 | 1 | 2; readonly server: 'list' | 'form' };

export function createVirtualServersView(): View {
  let host: ViewHost | null = null;
  let area: Widgets.BoxElement | null = null;
  let crumb: Widgets.BoxElement;
  let vlist: ListWidget;
  let slist: ListWidget;
  let formWidget: FormWidget;
  let form: FormController;
  let mode: Mode = { kind: 'list' };
  let unsubscribe: (() => void) | null = null;
  /** the router's live state (null without a router: in-process tests on bare files) */
  let monitor: MonitorSession | null = null;

  const config = (): LvsConfig => host!.session.config();
  const virtualNamed = (name: string | null): VirtualServer | null => (name === null ? null : (config().virtuals.find((v) => v.name === name && v.kind === 'virtual') ?? null));

  const refuseReadOnly = (): boolean => {
    if (!host!.readOnly) return false;
    host!.flash(`read-only: ${host!.readOnlyReason ?? 'this session cannot change the files'}`, 'warn');
    return true;
  };

  const stage = (label: string, fn: Parameters<ViewHost['session']['edit']>[1]): void => {
    try {
      host!.session.edit(label, fn);
      host!.flash(`${label}: staged (A reviews and applies)`, 'info');
    } catch (err) {
      host!.flash((err as Error).message, 'error');
    }
  };

  /** The LIVE cell of a virtual: undefined until the monitor's first tick. */
  const liveOf = (name: string): LiveCell | undefined => {
    const r = monitor?.report;
    const svc = monitor?.serviceNamed(name);
    if (!r || svc === undefined) return undefined;
    const role = r.router;
    return virtualLiveCell(svc, { ipvsNotLoaded: r.view.ipvs.unavailable?.reason === 'not-loaded', standby: role.role === 'standby' && role.redundancy });
  };

  const decorate = (row: ListRow): ListRow => {
    const cell = liveOf(row.id);
    const text = cell ? cell.text : monitor ? (monitor.problem ? 'unreadable' : '...') : '';
    const cells = [...row.cells];
    cells[VCELL.live] = text;
    // an inactive virtual stays grey; an active one is coloured by what the router does with it
    const level = row.level === 'off' || !cell || cell.level === 'info' ? row.level : cell.level;
    return { ...row, cells, level };
  };

  const drawCrumb = () => {
    if (mode.kind === 'list') {
      const head = `VIRTUAL SERVERS  ${config().virtuals.filter((v) => v.kind === 'virtual').length} configured`;
      const sel = vlist.selected();
      const cell = sel ? liveOf(sel.id) : undefined;
      // the selected virtual's live state in words (LIVE compares with the lvs.cf on disk)
      const why = sel && cell ? `  ${sel.id}: ${cell.why}` : '';
      const width = Math.max(20, (typeof crumb.width === 'number' ? crumb.width : 80) - 1);
      crumb.setContent(`{bold}VIRTUAL SERVERS{/bold}${escapeTags(cut(head + why, width).slice('VIRTUAL SERVERS'.length))}`);
      return;
    }
    const name = mode.name === null ? '(new)' : mode.name;
    const sub = mode.sub;
    const subs = SUB_SCREENS.map((s, i) => (i === sub ? `{inverse}[${s}]{/inverse}` : ` ${s} `)).join(' ');
    crumb.setContent(`VIRTUAL SERVERS > ${escapeTags(name)} > ${subs}`);
  };

  /** Shows the widgets of the current mode and fills them. */
  const layout = () => {
    vlist.box.hide();
    slist.box.hide();
    formWidget.box.hide();
    if (mode.kind === 'list') {
      vlist.setRows(virtualRows(config()));
      vlist.box.show();
    } else if (mode.sub === 1 && mode.server === 'list') {
      const v = virtualNamed(mode.name);
      slist.setRows(v ? serverRows(v) : []);
      slist.box.show();
    } else formWidget.box.show();
    drawCrumb();
  };

  const openVirtual = (name: string | null, sub: 0 | 1 | 2, focused: boolean, cursor = 0) => {
    mode = { kind: 'virtual', name, sub, server: 'list' };
    const v = virtualNamed(name);
    if (sub === 0) form.open(virtualForm(v, host!.session.sidecar().sidecar), focused, cursor);
    else if (sub === 2 && v) form.open(scriptsForm(v), focused, cursor);
    layout();
  };

  const openServer = (name: string | null) => {
    if (mode.kind !== 'virtual' || mode.name === null) return;
    const v = virtualNamed(mode.name);
    if (!v) return;
    const s = name === null ? null : (v.servers.find((x) => x.name === name) ?? null);
    mode = { ...mode, sub: 1, server: 'form' };
    form.open(serverForm(v.name, s), true);
    layout();
  };

  const backToList = () => {
    const name = mode.kind === 'virtual' ? mode.name : null;
    mode = { kind: 'list' };
    layout();
    if (name) vlist.select(name);
  };

  const backToServers = (select: string | null) => {
    if (mode.kind !== 'virtual') return;
    mode = { ...mode, sub: 1, server: 'list' };
    layout();
    if (select) slist.select(select);
  };

  /** `[` / `]` in a virtual: a changed form is staged first (and stays when it is invalid). */
  const step = (delta: number) => {
    if (mode.kind !== 'virtual') return;
    if (mode.name === null) {
      host!.flash('accept the new virtual server first (Enter), or Esc to drop it', 'warn');
      return;
    }
    const onForm = mode.sub !== 1 || mode.server === 'form';
    if (onForm && form.changed && !form.accept()) return;
    const name = mode.kind === 'virtual' ? mode.name : null;
    const sub = ((((mode.sub + delta) % 3) + 3) % 3) as 0 | 1 | 2;
    openVirtual(name, sub, false);
  };

  const formAccepted = (def: FormDef, newName: string | null) => {
    if (mode.kind !== 'virtual') return;
    if (def.kind === 'server') {
      backToServers(newName);
      return;
    }
    // VIRTUAL SERVER and MONITORING SCRIPTS stay, with no field focused ([ ] reach the others)
    openVirtual(newName ?? mode.name, mode.sub, false, form.state?.cursor ?? 0);
  };

  const formCancelled = () => {
    if (mode.kind !== 'virtual') return;
    if (mode.sub === 1 && mode.server === 'form') backToServers(null);
    else backToList();
  };

  const toggle = (virtual: string, server: string | null) => {
    if (refuseReadOnly()) return;
    const v = virtualNamed(virtual);
    if (!v) return;
    if (server === null) stage(`virtual ${virtual}: ${v.active ? 'deactivate' : 'activate'}`, (d) => setAttribute(d, { virtual }, 'active', v.active ? '0' : '1'));
    else {
      const s = v.servers.find((x) => x.name === server);
      if (s) stage(`virtual ${virtual}: server ${server}: ${s.active ? 'deactivate' : 'activate'}`, (d) => setAttribute(d, { virtual, server }, 'active', s.active ? '0' : '1'));
    }
  };

  const remove = async (virtual: string, server: string | null) => {
    if (refuseReadOnly()) return;
    const v = virtualNamed(virtual);
    if (!v) return;
    const n = v.servers.length;
    const q = server === null ? `Delete virtual server "${virtual}"${n ? ` and its ${n} real server${n === 1 ? '' : 's'}` : ''}?` : `Delete real server "${server}" of "${virtual}"?`;
    if (!(await host!.confirm(q))) return host!.render();
    stage(server === null ? `delete virtual ${virtual}` : `virtual ${virtual}: delete server ${server}`, (d) => removeBlock(d, server === null ? { virtual } : { virtual, server }));
  };

  /** `t`: the checks of this virtual's real servers in an overlay; the scripts form's unsaved values when given */
  const testChecks = (formValues: Readonly<Record<string, string>> | null) => {
    const v = mode.kind === 'virtual' ? virtualNamed(mode.name) : null;
    if (!v) return;
    const specs = checksOfVirtual(v, formValues ? monitorSettingsWith(v, formValues) : undefined);
    host!.pushOverlay(createCheckOverlay(`test checks: ${v.name}`, specs, formValues ? 'with the form\'s values (not saved)' : null));
  };

  /** `K` on either list (not while filtering): the selected virtual's real-server kit. */
  const openKit = (): boolean => {
    const onList = mode.kind === 'list' ? !vlist.filtering : mode.sub === 1 && mode.server === 'list' && !slist.filtering;
    const name = mode.kind === 'list' ? (vlist.selected()?.id ?? null) : mode.name;
    if (!onList || name === null) return false;
    host!.pushOverlay(createRealserverKitView(name));
    return true;
  };

  const view: View = {
    title: 'VIRTUAL SERVERS',
    get helpNotes(): readonly string[] {
      return mode.kind === 'list' ? [LIVE_HELP] : [];
    },
    get bindings(): readonly Binding[] {
      if (mode.kind === 'list') return LIST_BINDINGS;
      if (mode.sub === 1 && mode.server === 'list') return [...LIST_BINDINGS, TEST_BINDING, { keys: ['escape'], hint: 'back', help: 'back to the virtual servers' }, ...SUB_BINDINGS];
      return [...FORM_BINDINGS, ...(mode.sub === 2 ? [TEST_BINDING] : []), ...(mode.sub === 1 ? [] : SUB_BINDINGS)];
    },
    get editing() {
      if (mode.kind === 'list') return vlist.filtering;
      if (mode.sub === 1 && mode.server === 'list') return slist.filtering;
      return form.editing;
    },
    mount(h, a) {
      host = h;
      area = a;
      crumb = require('blessed').box({ parent: a, top: 0, left: 0, width: '100%', height: 1, tags: true });
      const common = { parent: a, top: 1, colour: h.colour, unicode: h.unicode };
      vlist = createList({
        ...common,
        label: 'VIRTUAL SERVERS',
        columns: VIRTUAL_COLUMNS,
        columnsFor: virtualColumnsFor,
        decorate,
        onChange: () => {
          if (mode.kind === 'list') drawCrumb();
        },
        emptyText: 'no virtual servers: a adds one',
        onOpen: (row) => openVirtual(row.id, 0, true),
        onAdd: () => (refuseReadOnly() ? undefined : openVirtual(null, 0, true)),
        onDelete: (row) => void remove(row.id, null),
        onToggle: (row) => toggle(row.id, null),
      });
      slist = createList({
        ...common,
        label: 'REAL SERVER',
        columns: SERVER_COLUMNS,
        emptyText: 'no real servers: a adds one',
        onOpen: (row) => openServer(row.id),
        onAdd: () => (refuseReadOnly() ? undefined : openServer(null)),
        onDelete: (row) => mode.kind === 'virtual' && mode.name && void remove(mode.name, row.id),
        onToggle: (row) => mode.kind === 'virtual' && mode.name && toggle(mode.name, row.id),
      });
      formWidget = createForm({ ...common, label: 'form' });
      form = createFormController({ host: h, widget: formWidget, onAccepted: (check, def) => formAccepted(def, check.name), onCancel: formCancelled });
      unsubscribe = h.session.subscribe(() => {
        // an edit, a discard or a reload: the lists show the staged state; an unchanged form follows it
        if (mode.kind === 'virtual' && mode.name !== null && !virtualNamed(mode.name) && !form.changed) {
          mode = { kind: 'list' };
        }
        if (mode.kind === 'virtual' && form.def && !form.changed) {
          const v = virtualNamed(mode.name);
          if (v && mode.sub === 0) form.refresh(virtualForm(v, h.session.sidecar().sidecar));
          if (v && mode.sub === 2) form.refresh(scriptsForm(v));
        }
        layout();
      });
      if (h.tui?.ctx) {
        monitor = tuiMonitor(h.tui, h.session);
        const unsubMonitor = monitor.subscribe(() => {
          // a tick: the rows on screen are redrawn with their new LIVE cells, nothing else is remade
          if (mode.kind !== 'list' || area?.hidden) return;
          vlist.draw();
          drawCrumb();
          h.render();
        });
        const unsubSession = unsubscribe;
        unsubscribe = () => {
          unsubSession?.();
          unsubMonitor();
        };
      }
      layout();
    },
    show() {
      area?.show();
      monitor?.showTo(view);
    },
    hide() {
      area?.hide();
      monitor?.hideFrom(view);
    },
    handleKey(ch: string | undefined, key: KeyEvent): boolean {
      const name = keyName(ch, key);
      if (name === null) return true;
      const typed = ch !== undefined && ch.length === 1 && name === ch ? ch : null;
      if (name === 'K' && openKit()) return true;
      if (mode.kind === 'list') return vlist.handleKey(name, typed);
      if (mode.sub === 1 && mode.server === 'list') {
        if (name === 't' && !slist.filtering) {
          testChecks(null);
          return true;
        }
        if (slist.handleKey(name, typed)) return true;
        if (name === 'escape') {
          backToList();
          return true;
        }
        if (name === '[' || name === ']') {
          step(name === '[' ? -1 : 1);
          return true;
        }
        return false;
      }
      if (!form.editing && mode.sub === 2 && name === 't' && form.state) {
        testChecks(form.state.values);
        return true;
      }
      if (!form.editing && (name === '[' || name === ']')) {
        if (mode.sub === 1) {
          if (form.changed && !form.accept()) return true;
          backToServers(null);
          step(name === '[' ? -1 : 1);
          return true;
        }
        step(name === '[' ? -1 : 1);
        return true;
      }
      return form.handleKey(ch, key);
    },
    unaccepted() {
      if (mode.kind !== 'virtual' || !form.def || !form.changed) return null;
      if (mode.sub === 1 && mode.server === 'list') return null;
      const sub = SUB_SCREENS[mode.sub];
      const item = mode.sub === 1 ? ` ${form.def.isNew ? '(new real server)' : (form.state?.initial.name ?? '')}` : '';
      return { where: `virtual ${mode.name ?? '(new)'}: ${sub}${item}`, fields: form.changedCount(), accept: () => form.accept(), discard: () => form.discard() };
    },
    destroy() {
      unsubscribe?.();
      monitor?.release(view);
      area?.destroy();
    },
  };
  return view;
}
