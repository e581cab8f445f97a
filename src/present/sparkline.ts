// One-line sparklines for the dashboard: the newest values that fit, scaled to the largest shown.
// Unicode blocks on UTF-8 terminals, ASCII steps otherwise.

const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const ASCII = ['_', '.', '-', ':', '=', '+', '*', '#'];

export function sparkline(values: readonly number[], width: number, unicode: boolean): string {
  if (width <= 0) return '';
  const shown = values.slice(-width).map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
  const max = Math.max(0, ...shown);
  const steps = unicode ? BLOCKS : ASCII;
  return shown.map((v) => (max === 0 ? steps[0] : steps[Math.min(steps.length - 1, Math.floor((v / max) * (steps.length - 1) + 0.5))])).join('');
}

/** 1234567 → "1.2M": compact numbers for narrow columns. */
export function compactNumber(n: number): string {
  if (!Number.isFinite(n)) return '-';
  const abs = Math.abs(n);
  if (abs < 1000) return String(Math.round(n * 10) / 10);
  const units = ['k', 'M', 'G', 'T', 'P'];
  let v = abs;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${n < 0 ? '-' : ''}${v >= 100 ? Math.round(v) : Math.round(v * 10) / 10}${units[u]}`;
}
