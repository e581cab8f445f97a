// RHEL syslog lines ("Mar  5 14:02:11 demo-router nanny[2345]: ..."), as rsyslog writes
// /var/log/messages: the traditional timestamp, day padded with a space. UTC, so a state renders
// the same everywhere (the demo's clock is simulated anyway).

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const two = (n: number) => String(n).padStart(2, '0');

export function syslogLine(epochMs: number, host: string, tag: string, pid: number, message: string): string {
  const d = new Date(epochMs);
  const stamp = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${stamp} ${host} ${tag}[${pid}]: ${message}`;
}
