// GLOBAL SETTINGS and REDUNDANCY: one form each over the global keys of lvs.cf. The tab opens
// with the cursor on the first field and no field focused (so 1-4 and [ ] still switch tabs);
// Tab or e focuses a field, Left/Right/Space change a choice, Enter stages the changes, Esc
// reverts them (asking).

import type { Widgets } from 'blessed';
import { FormDef, globalForm, redundancyForm } from '../src/app/config-forms';
import type { LvsConfig } from '../src/config/model';
import { createFormController, FormController } from './form-controller';
import type { Binding, View, ViewHost } from './view';
import { createForm } from './widgets/form';

export const FORM_BINDINGS: readonly Binding[] = [
  { keys: ['tab', 'S-tab'], hint: 'field', help: 'next / previous field, focused: typing edits it' },
  { keys: ['up', 'down'], help: 'move between fields' },
  { keys: ['e'], help: 'focus the field under the cursor' },
  { keys: ['C-u'], help: 'clear the focused text field' },
  { keys: ['left', 'right', 'space'], hint: 'choice', help: 'change a choice field' },
  { keys: ['enter'], hint: 'accept', help: 'accept: stage the changes (A reviews, applies)' },
  { keys: ['escape'], hint: 'back', help: 'leave the field; then cancel the form (asks)' },
];

function createSettingsView(title: string, build: (config: LvsConfig) => FormDef): View {
  let host: ViewHost | null = null;
  let form: FormController | null = null;
  let unsubscribe: (() => void) | null = null;
  let box: Widgets.BoxElement | null = null;
  /** the staged values again, no field focused, the cursor where it was */
  const reopen = () => {
    if (host && form) form.open(build(host.session.config()), false, form.state?.cursor ?? 0);
  };
  return {
    title,
    bindings: FORM_BINDINGS,
    get editing() {
      return form?.editing ?? false;
    },
    mount(h, area) {
      host = h;
      const widget = createForm({ parent: area, top: 0, label: title, colour: h.colour, unicode: h.unicode });
      box = widget.box;
      form = createFormController({
        host: h,
        widget,
        onAccepted: () => reopen(),
        onCancel: () => reopen(),
      });
      reopen();
      unsubscribe = h.session.subscribe(() => form?.refresh(build(h.session.config())));
    },
    show: () => box?.show(),
    hide: () => box?.hide(),
    handleKey: (ch, key) => form?.handleKey(ch, key) ?? false,
    unaccepted() {
      const f = form;
      if (!f || !f.changed) return null;
      return { where: title, fields: f.changedCount(), accept: () => f.accept(), discard: () => f.discard() };
    },
    destroy() {
      unsubscribe?.();
      box?.destroy();
    },
  };
}

export const createGlobalSettingsView = (): View => createSettingsView('GLOBAL SETTINGS', globalForm);
export const createRedundancyView = (): View => createSettingsView('REDUNDANCY', redundancyForm);
