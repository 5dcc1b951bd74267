// Real tools others wrote, running on this machine for `npm run media -- --real`: opensnoop from
// Debian's libbpf-tools (programs held through links), a bpftrace one-liner with a counter keyed by
// command and a histogram of read sizes, and one printing with debugf for the Trace view, plus a
// little activity (opens, reads, execs) for them to see. Everything is stopped by stop().
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';

export type RealTools = {stop(): void};

const has = (tool: string) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', tool]).status === 0;

export function realToolsMissing(): string | undefined {
	if (process.getuid?.() !== 0) return 'not root';
	for (const [tool, pkg] of [['bpftrace', 'bpftrace'], ['opensnoop', 'libbpf-tools'], ['bpftool', 'bpftool']] as const) if (!has(tool)) return `${tool} is not installed (apt-get install ${pkg})`;
	return undefined;
}

export async function startRealTools(): Promise<RealTools> {
	const children: ChildProcess[] = [
		spawn('opensnoop', [], {stdio: 'ignore'}),
		spawn('bpftrace', ['-e', 'tracepoint:syscalls:sys_enter_openat { @opens[comm] = count(); } tracepoint:syscalls:sys_exit_read /args->ret > 0/ { @bytes = hist(args->ret); }'], {stdio: 'ignore'}),
		spawn('bpftrace', ['-e', 'tracepoint:syscalls:sys_enter_execve { debugf("exec by %s (pid %d)", comm, pid); }'], {stdio: 'ignore'}),
		// Something for them to see: a shell that opens, reads and runs a little every 300 ms.
		spawn('sh', ['-c', 'while :; do cat /etc/hostname /etc/os-release >/dev/null; ls /usr/bin >/dev/null; sleep 0.3; done'], {stdio: 'ignore'}),
	];
	// bpftrace compiles and attaches in a few seconds.
	await new Promise(resolve => setTimeout(resolve, 6000));
	return {
		stop() {
			for (const child of children) child.kill('SIGINT');
			setTimeout(() => {
				for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
			}, 2000).unref();
		},
	};
}
