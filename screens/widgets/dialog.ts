// Modal questions drawn as plain boxes (no blessed question/prompt widgets: they grab keys and
// readInput traps). The shell routes every key to the open modal until it answers.

import type { Widgets } from 'blessed';
import { escapeTags } from './text';

export interface Modal {
  /** a key while the modal is open (keyName of widgets/keys.ts) */
  handle(name: string): void;
  destroy(): void;
}

export interface ModalChoice {
  readonly key: string;
  readonly label: string;
}

function questionBox(screen: Widgets.Screen, text: string, border: 'line' | 'bg'): Widgets.BoxElement {
  const blessed = require('blessed') as typeof import('blessed');
  const lines = text.split('\n');
  const width = Math.min(Math.max(30, ...lines.map((l) => l.length + 4)), Math.max(20, (screen.width as number) - 4));
  const box = blessed.box({
    parent: screen,
    top: 'center',
    left: 'center',
    width,
    height: Math.min(lines.length + 2 + Math.floor(lines.join('').length / Math.max(1, width - 4)), Math.max(3, (screen.height as number) - 2)),
    border: { type: border, ch: '#' } as never,
    label: ' question ',
    tags: true,
    content: escapeTags(text),
    style: { border: {} },
  });
  box.setFront();
  return box;
}

/** y answers yes; n or Esc answers no. Other keys are ignored. */
export function openConfirm(screen: Widgets.Screen, question: string, unicode: boolean, done: (yes: boolean) => void): Modal {
  const box = questionBox(screen, `${question}\n\ny yes   n no`, unicode ? 'line' : 'bg');
  screen.render();
  return {
    handle(name) {
      if (name === 'y' || name === 'Y') done(true);
      else if (name === 'n' || name === 'N' || name === 'escape') done(false);
    },
    destroy: () => box.destroy(),
  };
}

/** One of the choices' keys answers; Esc answers null. */
export function openChoose(screen: Widgets.Screen, question: string, choices: readonly ModalChoice[], unicode: boolean, done: (key: string | null) => void): Modal {
  const keys = choices.map((c) => `${c.key} ${c.label}`).join('   ');
  const box = questionBox(screen, `${question}\n\n${keys}`, unicode ? 'line' : 'bg');
  screen.render();
  return {
    handle(name) {
      const c = choices.find((x) => x.key === name);
      if (c) done(c.key);
      else if (name === 'escape') done(null);
    },
    destroy: () => box.destroy(),
  };
}
