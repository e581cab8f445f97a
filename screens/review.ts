// `A` (and the quit prompt's `a`): the review overlay. The whole plan of the staged changes (lvs.cf
// diff, lvs-tui.yaml diff, iptables, sysctl, the saved files, what pulse needs), scrollable; `y`
// applies it as one transaction (src/app/apply-session.ts, asking about pulse when it needs a reload
// or a restart) and shows the result with the journal; `n` or Esc goes back. Refuses, saying why,
// when the plan is refused or the session read-only; warns when lvs.cf or lvs-tui.yaml changed on
// disk since the session read them, and offers to reload them (keeping the staged edits when they
// still apply) or to show that change as a diff.

import type { Widgets } from 'blessed';
import { parse } from '../src/config/parse';
import { ApplyEnv, SessionApplyOutcome, SessionFiles, SessionReview, applyReviewed, reviewSession } from '../src/app/apply-session';
import { diskChangeDiff, mergeStaged } from '../src/app/disk-watch';
import { sessionEnv } from '../src/app/session-env';
import { reviewResultLines } from '../src/present/review-result';
import type { EditSession } from '../src/app/edit-session';
import type { ReviewOutcome } from './tabs';
import type { Binding, KeyEvent, View, ViewHost } from './view';
import { keyName } from './widgets/keys';
import { formatDiagnostic } from '../src/config/diagnostic';
import { wrapWords } from './widgets/text';
import { TextPane, textPane } from './text-pane';

export const REVIEW_BINDINGS: readonly Binding[] = [
  { keys: ['y'], hint: 'apply', help: 'apply the whole plan as one transaction (asks about pulse when it needs a reload or restart)' },
  { keys: ['n', 'escape'], hint: 'back', help: 'back, nothing applied' },
  { keys: ['r'], hint: 'reload', help: 'when the files changed on disk: reload them (keep or discard the staged edits)' },
  { keys: ['v'], help: 'when the files changed on disk: show that change as a diff (v again: the plan)' },
  { keys: ['up', 'down', 'pageup', 'pagedown', 'g', 'G'], help: 'scroll' },
];

export function sessionFiles(s: EditSession): SessionFiles {
  return { configBytes: s.configBytes(), sidecarBytes: s.sidecarBytes(), originalConfigBytes: s.originalConfigBytes, originalSidecarBytes: s.originalSidecarBytes };
}

type State = 'planning' | 'plan' | 'diff' | 'applying' | 'result';

export function openReview(host: ViewHost): Promise<ReviewOutcome> {
  return new Promise((resolve) => host.pushOverlay(createReviewView(resolve)));
}

export function createReviewView(done: (outcome: ReviewOutcome) => void): View {
  let host: ViewHost;
  let pane: TextPane;
  let state: State = 'planning';
  let review: SessionReview | null = null;
  let env: ApplyEnv | null = null;
  let outcome: ReviewOutcome = 'cancelled';
  let finished = false;
  let destroyed = false;
  /** what the last key did, shown above the plan (the status bar may be too narrow for it) */
  let notice: string | null = null;

  const finish = () => {
    if (finished) return;
    finished = true;
    done(outcome);
  };

  const demoNote = () => (host.tui.demo ? ['DEMO router: files in the demo root are written; the iptables, sysctl and', 'pulse commands are shown in the command log (:), not run.', ''] : []);

  const showPlan = () => {
    if (!review) return;
    state = 'plan';
    const head: string[] = [...(notice ? [notice, ''] : []), ...demoNote()];
    if (review.diskChange) head.push(`WARNING: ${review.diskChange.summary}.`, '  r reload the files (keep or discard the staged edits)   v show the change on disk', '');
    // host names DNS does not resolve here (looked up in the background, as `lvs-tui check` does)
    const hosts = host.session.diagnostics().filter((d) => d.code === 'unresolved-host');
    const width = Math.max(20, (typeof pane.box.width === 'number' ? pane.box.width : 80) - 3);
    if (hosts.length) head.push(...hosts.flatMap((d) => wrapWords(formatDiagnostic(d.file, d), width, '    ')), '');
    if (review.refused !== null) head.push(`CANNOT APPLY: ${review.refused}`, '');
    else if (review.nothingToDo) head.push('Nothing to do: the router already runs this configuration.', '');
    else head.push('y apply all of this as one transaction    n / Esc back', '');
    pane.setLabel('review: the plan');
    pane.setLines([...head, ...review.text.split('\n')], { diff: true });
    host.render();
  };

  const plan = async () => {
    state = 'planning';
    pane.setLabel('review');
    pane.setLines(['reading the router and planning...']);
    host.render();
    try {
      env ??= await sessionEnv(host.tui, 'apply');
      review = await reviewSession(env, sessionFiles(host.session), { readOnlyReason: host.readOnlyReason });
    } catch (err) {
      if (destroyed) return;
      state = 'result';
      outcome = 'failed';
      pane.setLines([`The plan could not be made: ${(err as Error).message}`, '', 'Esc back']);
      host.render();
      return;
    }
    if (!destroyed) showPlan();
  };

  const showResult = (out: SessionApplyOutcome) => {
    state = 'result';
    pane.setLabel('review: result');
    pane.setLines([...reviewResultLines(out, { demo: host.tui.demo !== null }), '', 'Esc / Enter / q back'], { wrap: true });
    host.render();
  };

  const apply = async () => {
    if (!review || !env) return;
    if (review.refused !== null) {
      host.flash(`cannot apply: ${review.refused}`, 'error');
      notice = `y: NOT APPLIED: ${review.refused}`;
      showPlan();
      return;
    }
    if (review.nothingToDo) {
      host.flash('nothing to do: the router already runs this configuration', 'info');
      return;
    }
    state = 'applying';
    pane.setLabel('review: applying');
    pane.setLines(['applying...'], { keepScroll: false });
    host.render();
    let out: SessionApplyOutcome;
    try {
      out = await applyReviewed(env, sessionFiles(host.session), review, {
        readOnlyReason: host.readOnlyReason,
        choosePulse: async (needed) => {
          const why = needed === 'restart' ? ' (a restart clears the whole IPVS table: connections may break)' : '';
          const answer = await host.choose(`pulse needs a ${needed} to take the change${why}.`, [
            { key: 'y', label: `${needed} pulse now` },
            { key: 'n', label: 'leave pulse alone' },
            { key: 'c', label: 'cancel: apply nothing' },
          ]);
          return answer === 'y' ? needed : answer === 'n' ? null : 'cancel';
        },
      });
    } catch (err) {
      out = { kind: 'not-applied', reason: `the apply stopped: ${(err as Error).message}` };
    }
    if (destroyed) return;
    if (out.kind === 'done') {
      outcome = out.result.ok ? 'applied' : 'failed';
      if (out.applied) host.session.rebase(out.applied.config, out.applied.sidecar);
      showResult(out);
      return;
    }
    // nothing ran: when the router or the files moved, the new plan is what to look at
    notice = `y: ${out.reason}`;
    if (out.review && out.reason !== 'not applied: cancelled') {
      review = out.review;
      showPlan();
      host.flash(out.reason, 'warn');
      return;
    }
    showPlan();
    host.flash(out.reason, out.reason === 'not applied: cancelled' ? 'info' : 'warn');
  };

  const showDiskDiff = () => {
    if (!review?.diskChange) return;
    state = 'diff';
    const s = host.session;
    const diff = diskChangeDiff({ config: s.originalConfigBytes, sidecar: s.originalSidecarBytes }, review.diskChange, { config: s.configPath, sidecar: s.sidecarPath });
    pane.setLabel('changed on disk since lvs-tui read the files');
    pane.setLines([...diff.split('\n'), '', 'v back to the plan   r reload the files'], { diff: true });
    host.render();
  };

  const reload = async () => {
    const change = review?.diskChange;
    if (!change) return;
    const s = host.session;
    const text = (b: Buffer | null) => (b === null ? '' : b.toString('utf8'));
    const staged = s.pendingCount() > 0;
    const mergedConfig = change.now.config === null ? null : mergeStaged(text(s.originalConfigBytes), text(s.configBytes()), text(change.now.config));
    const mergedSidecar = mergeStaged(text(s.originalSidecarBytes), text(s.sidecarBytes()), text(change.now.sidecar));
    const canKeep = staged && mergedConfig !== null && mergedSidecar !== null;
    if (change.now.config === null) {
      host.flash(`${s.configPath} is gone from disk: nothing to reload`, 'error');
      return;
    }
    let keep = false;
    if (staged) {
      const choices = [...(canKeep ? [{ key: 'k', label: 'keep my staged edits on the new files' }] : []), { key: 'd', label: 'discard my staged edits' }, { key: 'c', label: 'cancel' }];
      const q = canKeep ? 'Reload the files from disk?' : 'Reload the files from disk? Your staged edits overlap the change on disk: they cannot be kept.';
      const answer = await host.choose(q, choices);
      if (answer !== 'k' && answer !== 'd') return;
      keep = answer === 'k';
    }
    s.rebase(change.now.config, change.now.sidecar);
    if (keep) {
      if (mergedConfig !== null && mergedConfig !== text(change.now.config)) s.edit('staged edits kept after reloading lvs.cf', () => parse(Buffer.from(mergedConfig)));
      if (mergedSidecar !== null && mergedSidecar !== text(change.now.sidecar)) s.editSidecar('staged edits kept after reloading lvs-tui.yaml', () => mergedSidecar);
    }
    host.flash(keep ? 'reloaded from disk; your staged edits are kept' : 'reloaded from disk', 'info');
    await plan();
  };

  return {
    title: 'review',
    bindings: REVIEW_BINDINGS,
    get editing() {
      return false;
    },
    mount(h: ViewHost, area: Widgets.BoxElement) {
      host = h;
      pane = textPane(area, { label: 'review', unicode: h.unicode, colour: h.colour });
      void plan();
    },
    show: () => pane.box.show(),
    hide: () => pane.box.hide(),
    handleKey(ch: string | undefined, key: KeyEvent): boolean {
      const name = keyName(ch, key);
      if (name === null) return true;
      if (state === 'applying') return true; // a transaction runs: nothing may interrupt it
      if (state === 'planning') {
        if (name === 'escape' || name === 'n' || name === 'q') host.popOverlay();
        return true;
      }
      if (pane.scrollKey(name)) return true;
      if (state === 'result') {
        if (name === 'escape' || name === 'enter' || name === 'q' || name === 'n') host.popOverlay();
        return true;
      }
      switch (name) {
        case 'y':
          if (state === 'plan') void apply();
          return true;
        case 'n':
        case 'escape':
        case 'q':
          host.popOverlay();
          return true;
        case 'v':
          if (state === 'diff') showPlan();
          else showDiskDiff();
          return true;
        case 'r':
          void reload();
          return true;
      }
      return true;
    },
    destroy() {
      destroyed = true;
      pane?.box.destroy();
      finish();
    },
  };
}
