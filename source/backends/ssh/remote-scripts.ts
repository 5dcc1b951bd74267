// What runs on a watched host: POSIX sh scripts, each passed as `sh -c SCRIPT bpftop-ts ARGS…` with
// every word quoted (shell-quote.ts), and the arguments as positional parameters, never spliced
// into a script. Nothing is installed on the host; each script ends by itself when its standard
// input closes — when we close it, exit, are killed, or the connection drops.
//
// Lines meant for us start with "bpftop-ts:" (a program's output cannot pass for them: they come
// before anything the kernel says, or on stderr where only these scripts write).
import {shellCommand} from './shell-quote.js';

export const marker = 'bpftop-ts:';

/**
 * The connection's own session (ssh -M): checks who we are and that bpftool runs (through `sudo -n`
 * when the user is not root), says so, then switches run-time stats on and holds them until its
 * input closes. $1 bpftool, $2 the perl holder, $3 the python3 holder, $4 the sysctl holder.
 */
export const connectionScript = `set -f
b=$1
u=$(id -u)
if [ -z "$u" ]; then echo 'bpftop-ts:error env cannot run id: PATH is' "$PATH"; exit 0; fi
if [ "$u" = 0 ]; then p=; else p='sudo -n'; fi
v=$($p "$b" -j version 2>&1); s=$?
if [ "$s" != 0 ]; then echo 'bpftop-ts:error' "$s" $v; exit 0; fi
echo 'bpftop-ts:uid' "$u"
echo 'bpftop-ts:version' $v
if [ "$(cat /proc/sys/kernel/bpf_stats_enabled 2>/dev/null)" = 1 ]; then
  echo 'bpftop-ts:stats already-on'
else
  if command -v perl >/dev/null 2>&1; then $p perl -e "$2"; [ $? = 3 ] || exit 0; else echo 'bpftop-ts:stats-failed no perl'; fi
  if command -v python3 >/dev/null 2>&1; then $p python3 -c "$3"; [ $? = 3 ] || exit 0; else echo 'bpftop-ts:stats-failed no python3'; fi
  $p sh -c "$4"; [ $? = 3 ] || exit 0
  echo 'bpftop-ts:stats off'
fi
exec cat >/dev/null`;

/** bpf(2)'s number per `uname -m` (BPF_ENABLE_STATS is command 32, BPF_STATS_RUN_TIME type 0). */
const bpfSyscalls: Record<string, number> = {
	x86_64: 321,
	aarch64: 280,
	riscv64: 280,
	loongarch64: 280,
	s390x: 351,
	ppc64le: 361,
	ppc64: 361,
	armv7l: 386,
	armv6l: 386,
	i686: 357,
	i386: 357,
};
const perlTable = Object.entries(bpfSyscalls).map(([arch, number]) => `${arch}=>${number}`).join(',');
const pythonTable = Object.entries(bpfSyscalls).map(([arch, number]) => `'${arch}':${number}`).join(',');

/**
 * BPF_ENABLE_STATS returns a file descriptor; the kernel keeps stats on while it is open, and the
 * process holding it reads its input until it closes: when the connection drops, the process ends,
 * the descriptor closes and stats go off — even if the remote shell is killed. Perl first (perl-base
 * is on every Debian and Ubuntu), then python3. Exit code 3: could not, try the next way.
 */
export const perlStatsHolder = `$0="bpftop-ts stats"; use POSIX (); $|=1; $\\=chr(10);
my %n=(${perlTable});
my $m=(POSIX::uname())[4]; my $nr=$n{$m};
if (!defined $nr) { print "bpftop-ts:stats-failed perl: unknown architecture $m"; exit 3 }
my $attr=pack("x8");
my $fd=syscall($nr,32,$attr,8);
if ($fd<0) { print "bpftop-ts:stats-failed perl: BPF_ENABLE_STATS failed: $!"; exit 3 }
print "bpftop-ts:stats fd";
1 while <STDIN>;`;

export const pythonStatsHolder = `import ctypes, platform, sys
def say(text):
    sys.stdout.write('bpftop-ts:' + text + chr(10))
    sys.stdout.flush()
m = platform.machine()
n = {${pythonTable}}.get(m)
if n is None:
    say('stats-failed python3: unknown architecture ' + m)
    sys.exit(3)
attr = ctypes.create_string_buffer(8)
fd = ctypes.CDLL(None, use_errno=True).syscall(n, 32, attr, 8)
if fd < 0:
    say('stats-failed python3: BPF_ENABLE_STATS failed: errno ' + str(ctypes.get_errno()))
    sys.exit(3)
say('stats fd')
for _ in sys.stdin:
    pass`;

/**
 * The last resort: the sysctl, set back to 0 when the input closes or the shell is told to stop
 * (a SIGKILL of this shell would leave it on; the header says "stats on (sysctl)").
 */
export const sysctlStatsHolder = `f=/proc/sys/kernel/bpf_stats_enabled
if ! echo 1 2>/dev/null >"$f"; then echo 'bpftop-ts:stats-failed sysctl: cannot write' "$f"; exit 3; fi
trap 'echo 0 >"$f"' EXIT
trap 'exit 1' HUP INT TERM PIPE
echo 'bpftop-ts:stats sysctl'
cat >/dev/null`;

/**
 * One long-lived bpftool runner per host: a request is a line `batch N [-f]` and N command lines; the
 * answer is bpftool's output, then `TOKEN STATUS`, bpftool's stderr, `TOKEN end`. TOKEN is random per
 * session, so nothing a kernel string holds can end an answer early. One sudo, one shell start per
 * connection, rather than per refresh. $1 bpftool, $2 the token.
 */
export const batchScript = `b=$1; k=$2
exec 3>&1
while read -r w n f; do
  [ "$w" = batch ] || exit 2
  c=
  while [ "$n" -gt 0 ] && IFS= read -r l; do c="$c$l
"; n=$((n-1)); done
  e=$( { printf '%s' "$c" | LC_ALL=C "$b" -j $f batch file -; } 2>&1 1>&3 ); s=$?
  printf '\\n%s %s\\n%s\\n%s end\\n' "$k" "$s" "$e" "$k"
done`;

/**
 * The trace pipe, read while the Trace view is open: cat in the background until our input closes.
 * Problems go to stderr, marked.
 */
export const traceScript = `t=/sys/kernel/tracing/trace_pipe
[ -e "$t" ] || t=/sys/kernel/debug/tracing/trace_pipe
if [ ! -e "$t" ]; then echo 'bpftop-ts:trace-error tracefs is not mounted (no trace_pipe in /sys/kernel/tracing or /sys/kernel/debug/tracing): mount it with: mount -t tracefs nodev /sys/kernel/tracing' >&2; exec cat >/dev/null; fi
d=\${t%/trace_pipe}
if [ "$(cat "$d/tracing_on" 2>/dev/null)" = 0 ]; then echo "bpftop-ts:trace-notice tracing is off ($d/tracing_on is 0): bpf_printk lines are not recorded; echo 1 > $d/tracing_on turns it on" >&2; fi
cat "$t" & r=$!
cat >/dev/null
kill "$r" 2>/dev/null`;

/**
 * `exec [sudo -n] /bin/sh -c SCRIPT bpftop-ts ARGS…`, every word quoted for the remote shell. /bin/sh
 * by its path: a session's PATH may lack it (and must not decide which shell runs our scripts).
 */
export function remoteCommand(script: string, args: readonly string[], sudo: boolean): string {
	return `exec ${sudo ? 'sudo -n ' : ''}${shellCommand(['/bin/sh', '-c', script, 'bpftop-ts', ...args])}`;
}
