// Help texts: the overview (`lvs-tui --help`) and one page per command (`lvs-tui help COMMAND`).

export const COMMAND_NAMES = [
  'check', 'print', 'list', 'get', 'set', 'unset', 'add', 'delete', 'rename', 'enable', 'disable', 'export', 'import', 'history', 'restore', 'plan', 'apply', 'pulse', 'server', 'status', 'dashboard', 'tui', 'sync', 'realserver-setup', 'test-check', 'help',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export function isCommandName(s: string): s is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(s);
}

export const OVERVIEW = `Usage: lvs-tui [OPTIONS] COMMAND [ARGS]
       lvs-tui [--demo] [--read-only]      the terminal UI (also: lvs-tui tui)

Check, edit and apply Piranha's LVS configuration (/etc/sysconfig/ha/lvs.cf).
Edits change only the lines they must; comments and layout survive. Apply
brings lvs.cf, lvs-tui's iptables marks and the sysctls in line, all or nothing.

Commands:
  check [--json]           check the file; exit 1 when it has errors
  print                    print the file back, byte for byte
  list [--json]            virtual servers and their real servers
  get [--virtual V [--server S]] KEY
                           print a value (the daemons' default when unset)
  set [--virtual V [--server S]] KEY=VALUE...
                           change values
  unset [--virtual V [--server S]] KEY...
                           remove keys (the daemons' defaults apply)
  add virtual NAME address='IP DEV' [KEY=VALUE...]
  add server --virtual V NAME address=IP [KEY=VALUE...]
                           add a virtual or real server (inactive)
  delete virtual NAME | delete server --virtual V NAME
  rename virtual OLD NEW | rename server --virtual V OLD NEW
  enable|disable virtual NAME | enable|disable server --virtual V NAME
                           remove, rename, set active = 1 or 0
  export --format json|yaml
                           the configuration as data
  export --format keepalived --out DIR [--force] [--dry-run]
                           keepalived.conf for both routers, with warnings
  import FILE.yaml [--dry-run] [--yes]
                           write lvs.cf from export --format yaml's file
  history                  earlier versions kept by lvs-tui (1 = newest)
  restore N                put version N of the history back
  plan [--from FILE]       what apply would change, as one diff
  apply [--from FILE] [--yes] [--reload|--restart] [--sync]
                           apply lvs.cf, iptables and sysctl as one transaction
  pulse status|start|stop|restart|reload [--yes]
                           pulse's state, or start, stop, restart, reload it
  server drain|restore|weight N --virtual V --server S [--yes]
                           change a real server's live weight (temporary)
  status [--json] [--interval S] [--demo] [--peer]
                           the router now: role, IPVS table against lvs.cf,
                           pulse, processes, log; exit 1 when degraded/down
  sync [--to USER@HOST[:PORT]] [--yes] [--dry-run] [--restart]
                           copy lvs.cf, lvs-tui.yaml and the check scripts to
                           the backup router over SSH, verified; its iptables
                           and sysctls too, all or nothing
  realserver-setup [--virtual V] [--method sysctl|arptables|iptables]
      [--platform systemd|rhel6] [--json] [--apply USER@HOST [--yes]]
                           what each real server of a direct-routing or
                           tunnelling service needs (VIP, ARP), to paste or
                           to apply over SSH, all or nothing
  dashboard [--interval S] [--demo]
                           full-screen live view (--demo: a simulated router)
  test-check [--virtual V [--server S]] [--json] [--timeout S] [--demo]
                           run nanny's check of each real server now, from
                           here: pass/fail, latency, the reply; exit 1 on a fail
  tui [--demo] [--read-only]
                           the terminal UI: Piranha's tabs, edits staged until
                           reviewed and applied (the default with no command)
  help [COMMAND]           this text, or a command's

Options:
  --config PATH   the file (default /etc/sysconfig/ha/lvs.cf)
  --root DIR      take every default path under DIR (lvs.cf, lvs-tui.yaml,
                  /proc, lock, history, logs); an explicit --config is kept
  --host USER@ROUTER[:PORT]
                  remote mode: run the TUI and every command but sync and
                  realserver-setup here against ROUTER over SSH (files by
                  SFTP, programs by exec); keys from ssh-agent or
                  ~/.ssh/id_*, host keys checked against ~/.ssh/known_hosts
  --remote-root DIR
                  with --host: every path on the router taken under DIR
  --dry-run       show the change as a diff, write nothing
  --force         write even if the result has errors or unknown keys
  -h, --help      show help
  -V, --version   show the version

Exit status: 0 ok (warnings allowed), 1 the file has errors or the change was
refused, 2 usage error, 3 the file could not be read or written (or the SSH
connection failed).
`;

const EDIT_NOTES = `Values are given unquoted: lvs-tui adds the double quotes of send, expect and
send_program, and keeps escapes as typed (\\r\\n stays backslash-r backslash-n).
The result is checked before it is written: a change that leaves errors is
refused (exit 1) unless --force; warnings are shown. serial_no goes up by one on
every write. A change that leaves the file as it was writes nothing.
The previous version is kept (see \`lvs-tui help history\`). Diagnostics and
status go to stderr; --dry-run prints the diff on stdout.`;

export const COMMAND_HELP: Record<CommandName, string> = {
  check: `Usage: lvs-tui check [--json]

Checks the file as pulse, lvsd and nanny would read it, and more. Host names are
looked up first (in parallel, 1.5 s at most); names that do not resolve are
reported as warnings. Diagnostics go to stdout, one a line:
  PATH:LINE:COL: error|warning: MESSAGE [CODE]
followed by a count. --json prints {file, errors, warnings, diagnostics[]}.
Exit 0 when there are no errors (warnings allowed), 1 with errors, 3 when the
file cannot be read.
`,
  print: `Usage: lvs-tui print

Prints the file as lvs-tui parsed it: byte for byte what was read. Exit 0
whenever the file could be read, valid or not.
`,
  list: `Usage: lvs-tui list [--json]

Lists the virtual servers (status, protocol, address:port or firewall mark,
device, scheduler) and their real servers (status, address:port, weight).
`,
  get: `Usage: lvs-tui get [--virtual V [--server S]] KEY

Prints the value of KEY: a global key, a key of virtual V, or of its real server
S. Quoted values are printed without their quotes. When the file does not set
KEY, prints the value the daemons use (a real server's port: its virtual's).
Exit 1, with nothing on stdout, when KEY has no value at all, is not a key of
that block, or V or S does not exist.
`,
  set: `Usage: lvs-tui set [--virtual V [--server S]] KEY=VALUE...

Sets keys of the global settings, of virtual V or of its real server S. An
existing line keeps its place and indent; a new key goes where Piranha's GUI
puts it. A virtual's address takes "IP DEVICE" as one word:
  lvs-tui set --virtual www 'address=10.0.0.5 eth0:1'
Unknown keys for the block are refused unless --force.

${EDIT_NOTES}
`,
  unset: `Usage: lvs-tui unset [--virtual V [--server S]] KEY...

Removes keys (every line setting them) so the daemons' defaults apply.

${EDIT_NOTES}
`,
  add: `Usage: lvs-tui add virtual NAME address='IP DEVICE' [KEY=VALUE...]
       lvs-tui add server --virtual V NAME address=IP [KEY=VALUE...]

Adds a block with the values Piranha's GUI gives a new one, overridden by the
given KEY=VALUEs (KEY= with no value leaves that key out, e.g. send= for no
send string); address= is required. New virtual and real servers start
inactive (active = 0), as in the GUI: enable them when they are ready. NAME may
hold letters, digits, "_", "." and "-". The file must exist.

${EDIT_NOTES}
`,
  delete: `Usage: lvs-tui delete virtual NAME
       lvs-tui delete server --virtual V NAME

Removes the block and everything in it.

${EDIT_NOTES}
`,
  rename: `Usage: lvs-tui rename virtual OLD NEW
       lvs-tui rename server --virtual V OLD NEW

Renames a block; only its name changes.

${EDIT_NOTES}
`,
  enable: `Usage: lvs-tui enable virtual NAME
       lvs-tui enable server --virtual V NAME

Sets active = 1.

${EDIT_NOTES}
`,
  disable: `Usage: lvs-tui disable virtual NAME
       lvs-tui disable server --virtual V NAME

Sets active = 0.

${EDIT_NOTES}
`,
  export: `Usage: lvs-tui export --format json|yaml
       lvs-tui export --format keepalived --out DIR [--force] [--dry-run]

json|yaml: prints the configuration as data: global, redundancy and
virtuals[{name, kind, line, settings, servers[{name, line, settings}]}]. Every
setting is the effective one, {value, from, line}: from "file" (line = where),
"default" (what the daemons use when the key is missing) or "virtual" (a real
server's port).

keepalived: writes DIR/keepalived-primary.conf and DIR/keepalived-backup.conf
(only the primary's without redundancy) and a DIR/check-VIRTUAL.sh wrapper for
each check keepalived cannot do itself (send/expect other than a plain HTTP GET,
send_program, UDP); the files name the scripts by their path in DIR, so export
into the directory keepalived will use (e.g. --out /etc/keepalived). Prints a
warning for every place where keepalived behaves differently (quiesce_server,
load_monitor, reentry, regex, slow start, heartbeat, ports under DR/TUN, ...),
the virtuals' ones also as "# lvs-tui:" comments in the files. Inactive virtual and real
servers are written commented out. DIR is created when missing; files already
there with other contents are replaced only with --force (all files or none);
--dry-run prints the files instead. An lvs.cf with errors is refused unless
--force. Check the result with \`keepalived -t -f DIR/keepalived-primary.conf\`.
`,
  import: `Usage: lvs-tui import FILE.yaml [--dry-run] [--yes] [--force]

Makes lvs.cf say what FILE.yaml says: the file \`lvs-tui export --format yaml\`
writes, edited (or one written by hand in its shape). A setting is \`key: VALUE\`
or \`key: {value, from, line}\`: from "file" (or no from) is written in lvs.cf;
from "default" or "virtual" is left to the daemons, and its value must then be
theirs (else the import is refused at that line: drop "from" to set it). A key
left out is removed; a virtual or server is matched by name (a new name is
added, a missing one deleted); the YAML's order of blocks is not applied.

Only the lines that change are changed (comments and layout stay), through the
same checks and safe write as \`set\`: serial_no + 1 unless the YAML changes it,
the old file kept in the history, refused when the result has errors (shown at
their YAML line) unless --force. Without --yes it shows the diff and asks;
--dry-run shows the diff only. An unchanged import writes nothing. lvs.cf must
exist (an empty file will do).
`,
  history: `Usage: lvs-tui history

Lists the earlier versions lvs-tui kept before each write (the last 20), newest
first: number, date (UTC), size, serial_no, and what restoring it would change
in the current file. They are kept under ROOT/var/lib/lvs-tui/history/.
`,
  restore: `Usage: lvs-tui restore N

Puts version N of \`lvs-tui history\` back, through the same checks and safe
write as an edit (the current file is kept in the history first). serial_no is
set to the current one plus one, so it keeps going up.
`,
  plan: `Usage: lvs-tui plan [--from FILE] [--json]

Shows what \`lvs-tui apply\` would change, as one diff, and changes nothing:
lvs.cf (with --from FILE: FILE in place of the file on disk), lvs-tui's
iptables chains live (LVS_TUI_MARK in mangle for the firewall marks of
lvs-tui.yaml, LVS_TUI_NAT in nat for FTP masquerading) and in the saved rules
file, the sysctls live (net.ipv4.ip_forward = 1 and those lvs-tui.yaml lists)
and in the saved sysctl file, and what pulse needs to take the change: nothing,
a reload (whole virtual services or real servers added or removed) or a
restart (anything else; a restart clears the whole IPVS table).
Exit status: 0 the plan can be applied (or there is nothing to do), 1 the files
have errors, 3 something could not be read.
`,
  apply: `Usage: lvs-tui apply [--from FILE] [--yes] [--reload|--restart] [--sync]

Shows the plan (see \`lvs-tui help plan\`), asks, then applies it as one
transaction: every check first (both files valid, iptables-restore --test, new
files written beside the old ones), then the iptables chains, the sysctls, the
saved rules and sysctl files and lvs.cf last, each verified. If any step
fails, the steps done are undone in reverse and nothing stays changed.
pulse is reloaded or restarted only when you say so: asked interactively, or
--reload / --restart with --yes (without either, pulse is left alone and the
next plan still says what it needs). Every run is appended to
ROOT/var/log/lvs-tui/audit.log. Ctrl-C undoes what ran and stops.
  --from FILE   apply FILE as lvs.cf (written last, atomically)
  --yes, -y     do not ask
  --reload      reload pulse afterwards (with --yes)
  --restart     restart pulse afterwards (with --yes)
  --sync        then sync the backup router without asking (see \`lvs-tui help
                sync\`); without it, apply asks when a backup is configured
                (--yes does not imply it)
Exit status: 0 applied or nothing to do, 1 refused, or failed and rolled back,
2 usage error, 3 something could not be read or written.
`,
  pulse: `Usage: lvs-tui pulse status|start|stop|restart|reload [--yes]

status says whether pulse runs (exit 0 running, 1 not running or not
installed). The other actions show the exact command and what it does to the
router, ask (or take --yes), run it, show its output, record it in
ROOT/var/log/lvs-tui/audit.log and say pulse's state afterwards. pulse is
driven through systemctl when systemd runs, else service, or as the sidecar
lvs-tui.yaml says (pulse: manager, service, or commands of its own).
  --yes, -y     do not ask
  --dry-run     show the command, run nothing
Exit status: 0 done, 1 it failed or was not confirmed, 2 usage error (also:
no terminal to ask on and no --yes), 3 the program could not be run.
`,
  server: `Usage: lvs-tui server drain|restore|weight N --virtual V --server S [--yes]

Changes the weight of real server S of virtual server V (lvs.cf's names) in
the live IPVS table with ipvsadm -e: drain sets it to 0 (no new connections,
the existing ones finish), restore puts back lvs.cf's weight, weight sets N
(0 to 65535). The forwarding method is kept. Temporary: nanny and the next
pulse restart override it, and lvs.cf is not changed. The service and server
must be in the live table (ROOT/proc/net/ip_vs). ipvsadm is the sidecar's
programs.ipvsadm, else lvs.cf's ipvsadm key, else the one on PATH. Shows the
command, asks (or takes --yes), runs it and records it in the audit log.
  --yes, -y     do not ask
  --dry-run     show the command, run nothing
Exit status: 0 done, 1 refused (no such entry, IPVS not loaded, ipvsadm
failed, not confirmed), 2 usage error, 3 ipvsadm could not be run.
`,
  status: `Usage: lvs-tui status [--json] [--interval S] [--demo] [--peer]

A snapshot of this router: lvs.cf in brief; its role (active: the VIPs of the
active virtual servers are up here, standby: none are, partial: some, an
alarm) and whether it is the primary or the backup; the IPVS table merged with
lvs.cf, one line per virtual service and its real servers under it, each with
its state in words (live, missing, inactive, unconfigured; up, ramping,
quiesced, down, inactive, sorry), live/configured weight, connections and
connections per second; pulse's state; the pulse, lvsd, nanny and sync
processes; the last pulse/lvs/nanny log lines.
Rates are the kernel's estimator (ipvsadm --rate, /proc/net/ip_vs_stats); with
--interval S two samples S seconds apart (0 < S <= 60) are compared instead.
Under --root DIR everything is read from DIR (DIR/proc/net/ip_vs*, the
addresses from DIR/proc/net/fib_trie and if_inet6, DIR/var/log); ipvsadm is
then run only when lvs-tui.yaml names one (programs.ipvsadm).
--json prints the shape documented in README.md ("schema": 1).
Exit status: 0 healthy (a standby with no services counts as healthy), 1
degraded or down, 2 usage error, 3 the state could not be read (lvs.cf, or
the IPVS table without permission).
--demo runs it on a simulated router (a temporary root, labelled DEMO).
--peer adds the other router of the pair, reached over SSH as \`lvs-tui sync\`
reaches it (no questions: an unknown host key counts as unreachable): whether
it holds the same lvs.cf, lvs-tui.yaml and check scripts (in sync, differs:
which files, unreachable: why), its role, and which router holds the VIPs
(both: split brain, an alarm: exit 1).
`,
  sync: `Usage: lvs-tui sync [--to USER@HOST[:PORT]] [--yes] [--dry-run] [--restart]

Makes the backup router hold the same configuration as this one, over SSH:
lvs.cf, lvs-tui.yaml and every send_program script lvs.cf names. Compares their
SHA-256 on both routers and shows what differs as a diff; plans the backup's
own iptables chains (LVS_TUI_MARK, LVS_TUI_NAT) and sysctls from this router's
files, as apply would there (its other rules untouched); asks; then runs it all
as one transaction on the backup: each file written atomically (temp file,
fsync, rename; same mode and owner; the replaced version kept beside it as
.NAME.lvs-tui-previous), lvs.cf last, each verified by its SHA-256; any
failure undoes what ran. lvs.cf is validated whenever anything is to change
(errors refuse the sync); when nothing is, only the hashes are compared. A
link that drops leaves every far file old or new, never partial, and the
message says which. The backup's pulse reads lvs.cf only when it starts: when
the backup is the standby, sync offers to restart it.
The backup: --to, else lvs-tui.yaml's routers.backup.ssh, else root@ lvs.cf's
backup (or backup_private) address, port 22; key and known_hosts files and the
remote root from routers.backup. An unknown host key is refused showing its
SHA256 fingerprint, unless you are asked and trust it; a changed one always.
  --to USER@HOST[:PORT]  the backup router ([v6] in brackets)
  --yes, -y     do not ask (pulse is then restarted only with --restart)
  --dry-run     show what differs, change nothing
  --restart     restart pulse on the backup afterwards when it is the standby
Exit status: 0 synced or nothing to do, 1 refused (errors in the files, host
key not trusted, not confirmed, failed and rolled back), 2 usage error, 3 a
file or the backup could not be read or written (unreachable, link dropped).
`,
  'test-check': `Usage: lvs-tui test-check [--virtual V [--server S]] [--json] [--timeout S] [--demo]

Runs the check nanny runs for each active real server (of V, or S of V), now,
up to 8 at a time, and says what nanny would conclude: PASS or FAIL, the
latency, why (connection refused, no reply within the timeout, got X expected
Y) and the first bytes received. As nanny does (lvs.cf(5), nanny.c):
  - TCP or UDP (protocol) to the real server's address and port, "timeout"
    seconds to connect and again to read (--timeout S instead, 0 < S <= 300);
  - send is written with nanny's escapes (\\r \\n \\t \\\\ \\' \\"; any other
    backslash hangs nanny: reported as a failure); with expect set, ONE read
    of strlen(expect) bytes that must start the reply (a short read fails);
    expect "*" accepts any reply; use_regex = 1 reads up to 254 bytes and
    matches expect as a POSIX extended regex anywhere in them; UDP always
    waits for a reply; no send or expect on port 80: GET / and "HTTP";
  - send_program (which overrides send) is split on spaces, %h and %p
    replaced by the server's address and port, run without a shell, killed
    after the timeout; its output minus the last byte must equal expect. A
    program that fails or times out counts as UP for nanny 0.8.6 when expect
    is set: shown as PASS with a warning.
Inactive real servers (and those of inactive virtual servers) are listed, not
checked. The connections are made from the machine lvs-tui runs on: run it on
the router to see what nanny sees. With --host, connections still go from
here; send_program runs on the router. --demo describes the demo router's
checks; its real servers are simulated, so none is made.
--json prints {schema, from, summary, exit_code, virtuals[{name, check,
servers[{name, address, port, verdict, reason, latency_ms, received, ...}]}]}.
Exit status: 0 no check failed, 1 a check failed (or no such virtual/real
server), 2 usage error, 3 lvs.cf could not be read.
`,
  dashboard: `Usage: lvs-tui dashboard [--interval S] [--demo]

A full-screen live view to leave running on a router or a wall screen: the
IPVS table merged with lvs.cf (each virtual service and real server with its
state in words and colour: OK, UP, RAMPING (nanny's slow start), QUIESCED,
DOWN, ...; live/configured weight; active/inactive connections; conn/s and
bytes/s), sparklines of connections/s and bytes/s for all services or the
selected one, the pulse/lvsd/nanny processes and the last log lines. With a
backup router, a line for it (checked over SSH every 30 s: in sync, differs:
which files, unreachable: why; which router holds the VIPs; SPLIT BRAIN when
both do). Keys: q quit, p pause, + and - change the interval, / filter,
up/down (j/k) select a service, b check the backup now. --interval S refreshes every S seconds (default 2: the
kernel's estimator updates every 2 s). --demo runs it on a simulated router
(a temporary root, labelled DEMO), also what \`npm start\` shows.
Needs a terminal; scripts use \`lvs-tui status --json\`.
`,
  tui: `Usage: lvs-tui [tui] [--demo] [--read-only] [--config PATH | --root DIR]

The terminal UI, Piranha's Configuration Tool as keyboard screens: the tabs
CONTROL/MONITORING, GLOBAL SETTINGS, REDUNDANCY and VIRTUAL SERVERS (each
virtual server with its VIRTUAL SERVER, REAL SERVER and MONITORING SCRIPTS
sub-screens). Edits are staged in memory; nothing is written until you review
and apply them (A). Keys: 1-4 tabs, [ and ] step between tabs and sub-screens,
arrows or j/k move, Enter opens, a adds, d deletes, Space (de)activates,
/ filters, Esc leaves a field or goes back, ? help, q quits (asks when changes
are pending); t on REAL SERVER and MONITORING SCRIPTS runs the checks now, as
test-check does (on the form: its unsaved values). --read-only opens every
screen without changing anything; it is also read-only when lvs.cf is not
writable or has errors that make an edit unsafe. --demo opens it on a simulated router (labelled DEMO).
CONTROL/MONITORING: p pulse start/stop/restart/reload, d drain, R restore,
w weight of the selected real server (live, temporary), u auto-update, + -
its interval, r refresh, E edit lvs.cf as text in $VISUAL/$EDITOR (validated
before it is saved). A shows the whole plan and y applies it as one
transaction, as \`lvs-tui apply\` does; : or @ shows the commands it ran. On
the demo router, applying writes the demo's files and shows the iptables,
sysctl and pulse commands instead of running them.
Needs a terminal.
`,
  'realserver-setup': `Usage: lvs-tui realserver-setup [--virtual V]
         [--method sysctl|arptables|iptables] [--platform systemd|rhel6]
         [--device DEV] [--json] [--apply USER@HOST[:PORT] [--yes]]

With direct routing (network = direct) or tunnelling (network = tunnel) each
real server must accept packets for the VIP without answering ARP for it (else
clients reach it instead of the router). Prints, per real server of lvs.cf's
virtual servers (--virtual: one), the commands and files that prepare it,
grouped and commented, ready to paste into a root shell there:
  --method sysctl     (default) the VIPs on lo as /32, arp_ignore=1 and
                      arp_announce=2 (all and DEV)
  --method arptables  Red Hat's guide: drop ARP requests for each VIP, rewrite
                      the VIP to the server's own address in the ARP packets it
                      sends, then the VIPs on DEV
  --method iptables   a REDIRECT rule per VIP and port (firewall marks: the
                      ports lvs-tui.yaml gives them); the server never holds
                      the VIP
Tunnelling adds the ipip module, tunl0 up holding the VIPs, rp_filter off for
tunl0. Then what makes it survive a reboot: a sysctl.d file and a oneshot unit
(--platform systemd, the default: RHEL 7 and later) or, with --platform rhel6
(RHEL/CentOS 5 and 6), ifcfg alias files, service arptables_jf|iptables save
and chkconfig. NAT needs none of this (the real servers' gateway must be the
router's NAT address): it says so. --device DEV is the interface holding the
real server's address (default eth0). --json prints the same as data.
--apply USER@HOST[:PORT] does it on that real server over SSH (its address must
be one of lvs.cf's real servers; host key checked as for sync): reads what it
already holds, shows only what is missing, asks (--yes: does not), then runs it
as one transaction: each change verified, everything done undone in reverse on
any failure. A second run finds nothing to do. There --platform and DEV are
found on the server unless given. --dry-run shows what is missing and stops.
A file in the way that lvs-tui did not write is refused before any change.
Exit status: 0 printed, applied or nothing to do, 1 refused (not confirmed,
host key not trusted, failed and rolled back), 2 usage error, 3 the server
could not be reached.
`,
  help: `Usage: lvs-tui help [COMMAND]

Shows the overview, or the help of COMMAND.
`,
};

/** The first usage line(s) of a command, for usage errors. */
export function usageLines(cmd: CommandName): string {
  const lines = COMMAND_HELP[cmd].split('\n');
  const out: string[] = [];
  for (const l of lines) {
    if (l === '') break;
    out.push(l);
  }
  return out.join('\n');
}
