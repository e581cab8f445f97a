// The kit as text to paste into a root shell on each real server, grouped and commented, and as
// JSON (pure). Files are written with a quoted here-document, so nothing in them is expanded.

import { Kit, KitAction, RealServerKit } from './kit-model';

const SAFE = /^[A-Za-z0-9_./:=@%+,-]+$/;

/** One word for a POSIX shell. */
export function shellWord(s: string): string {
  return SAFE.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

const line = (argv: readonly string[]) => argv.map(shellWord).join(' ');

/** The shell lines that do one action (a here-document for a file). */
export function actionLines(a: KitAction): string[] {
  switch (a.kind) {
    case 'module':
      return [line(['modprobe', a.name])];
    case 'link-up':
      return [line(['ip', 'link', 'set', a.dev, 'up'])];
    case 'address':
      return [line(['ip', 'addr', 'replace', `${a.address}/${a.prefix}`, 'dev', a.dev, ...(a.label ? ['label', a.label] : [])])];
    case 'sysctl':
      return [line(['sysctl', '-w', `${a.key}=${a.value}`])];
    case 'arptables':
      return [line(['arptables', '-A', a.chain, ...a.rule])];
    case 'iptables':
      return [line(['iptables', '-t', a.table, '-A', a.chain, ...a.rule])];
    case 'file': {
      const body = a.content.endsWith('\n') ? a.content.slice(0, -1) : a.content;
      let eof = 'EOF';
      while (a.content.split('\n').includes(eof)) eof += '_';
      return [`cat > ${shellWord(a.path)} <<'${eof}'`, ...body.split('\n'), eof, ...(a.mode !== 0o644 ? [line(['chmod', a.mode.toString(8), a.path])] : [])];
    }
    case 'save':
      return [line(['service', a.service, 'save'])];
    case 'enable':
      return [a.manager === 'chkconfig' ? line(['chkconfig', a.service, 'on']) : line(['systemctl', 'enable', a.service])];
  }
}

/** A one-line description of an action, for plans and journals. */
export function actionTitle(a: KitAction): string {
  switch (a.kind) {
    case 'module':
      return `load the ${a.name} module`;
    case 'link-up':
      return `bring ${a.dev} up`;
    case 'address':
      return `add ${a.address}/${a.prefix} to ${a.dev}`;
    case 'sysctl':
      return `set ${a.key} = ${a.value}`;
    case 'arptables':
      return `arptables rule: -A ${a.chain} ${a.rule.join(' ')}`;
    case 'iptables':
      return `iptables rule: -t ${a.table} -A ${a.chain} ${a.rule.join(' ')}`;
    case 'file':
      return `write ${a.path}`;
    case 'save':
      return `save the live ${a.tool} rules to ${a.path}`;
    case 'enable':
      return `start ${a.service} at boot`;
  }
}

const NETWORK_TEXT = { direct: 'direct routing (network = direct)', tunnel: 'tunnelling (network = tunnel)', nat: 'NAT (network = nat)' } as const;
const PLATFORM_TEXT = { rhel6: 'RHEL/CentOS 5 and 6 (arptables_jf, chkconfig, ifcfg files)', systemd: 'RHEL 7 and later and other systemd systems' } as const;

export function serverHeading(s: RealServerKit): string[] {
  const out = [`######## real server ${s.address}: VIP${s.vips.length === 1 ? '' : 's'} ${s.vips.join(', ')}`];
  for (const v of s.services) out.push(`#   ${v.virtual} (${v.vip} ${v.service}) as server ${v.server}${v.active ? '' : ' (inactive)'}`);
  return out;
}

/** The commands of one real server, grouped and commented. */
export function serverKitText(s: RealServerKit): string {
  const out: string[] = [...serverHeading(s), ''];
  s.groups.forEach((g, i) => {
    out.push(`# ${i + 1}. ${g.title}${g.stage === 'boot' ? ' (survives a reboot)' : ''}`);
    for (const w of g.why) out.push(`#    ${w}`);
    for (const a of g.actions) out.push(...actionLines(a));
    out.push('');
  });
  return out.join('\n');
}

export function kitText(kit: Kit): string {
  const out: string[] = [
    `# lvs-tui realserver-setup: ${NETWORK_TEXT[kit.network]}, method ${kit.method}, for ${PLATFORM_TEXT[kit.platform]}`,
  ];
  if (kit.servers.length) out.push('# Run as root on each real server below (or let lvs-tui do it: realserver-setup --apply root@SERVER).');
  for (const n of kit.notes) out.push(`# ${n}`);
  for (const p of kit.problems) out.push(`# left out: ${p}`);
  if (!kit.servers.length && kit.network !== 'nat') out.push('# no real server to prepare');
  out.push('');
  let text = out.join('\n') + '\n';
  for (const s of kit.servers) text += serverKitText(s) + '\n';
  return text;
}

/** The kit as data, each action with the shell lines that do it. */
export function kitJson(kit: Kit): unknown {
  return {
    ...kit,
    servers: kit.servers.map((s) => ({ ...s, groups: s.groups.map((g) => ({ ...g, actions: g.actions.map((a) => ({ ...a, ...(a.kind === 'file' ? { mode: a.mode.toString(8).padStart(4, '0') } : {}), commands: actionLines(a) })) })) })),
  };
}
