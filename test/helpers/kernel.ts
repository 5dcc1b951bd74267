// Helpers for tests on the real kernel: is BPF usable here, compile a test program, load, attach
// in a private network namespace, make loopback traffic there, and clean up everything afterwards.
import {execFileSync, spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

export const bpfSourceDir = fileURLToPath(new URL('../bpf/', import.meta.url));

function has(command: string): boolean {
	return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', command]).status === 0;
}

/** BPFTOP_TEST_KERNEL=0 turns the real-kernel tests off (and scripts/kernel-setup.mjs's set-up). */
export function kernelTestsOff(): string | undefined {
	return process.env['BPFTOP_TEST_KERNEL'] === '0' ? 'BPFTOP_TEST_KERNEL=0' : undefined;
}

/** Why the real-kernel tests cannot run here, or undefined when they can. */
export function kernelSkipReason(): string | undefined {
	if (kernelTestsOff()) return kernelTestsOff();
	if (process.platform !== 'linux') return 'not Linux';
	if (process.getuid?.() !== 0) return 'not root (the real-kernel tests need root)';
	for (const tool of ['bpftool', 'clang', 'ip']) if (!has(tool)) return `${tool} is not installed (apt-get install bpftool clang iproute2)`;
	const probe = spawnSync('bpftool', ['-j', 'prog', 'show'], {encoding: 'utf8'});
	if (probe.status !== 0) return `bpftool prog show failed: ${probe.stdout || probe.stderr}`.trim();
	if (!existsSync('/sys/fs/bpf')) return 'bpffs is not mounted at /sys/fs/bpf';
	return undefined;
}

/** Compiles test/bpf/NAME.bpf.c into a temporary directory; returns the object path. */
export function compileBpf(name: string, outDir = mkdtempSync(join(tmpdir(), 'bpftop-bpf-'))): string {
	const output = join(outDir, `${name}.bpf.o`);
	const arch = execFileSync('uname', ['-m'], {encoding: 'utf8'}).trim();
	execFileSync('clang', ['-target', 'bpf', '-g', '-O2', `-I/usr/include/${arch}-linux-gnu`, '-c', join(bpfSourceDir, `${name}.bpf.c`), '-o', output]);
	return output;
}

export function bpftoolJson<T = unknown>(...args: string[]): T {
	return JSON.parse(execFileSync('bpftool', ['-j', ...args], {encoding: 'utf8'})) as T;
}

/** A loaded, pinned program; remove() unpins it (and the kernel frees it once nothing holds it). */
export type Loaded = {id: number; name: string; tag: string; mapIds: number[]; pin: string; remove(): void};

export function loadProgram(object: string, label: string): Loaded {
	const pin = `/sys/fs/bpf/bpftop-test-${label}-${process.pid}`;
	execFileSync('bpftool', ['prog', 'load', object, pin]);
	const info = bpftoolJson<{id: number; name: string; tag: string; map_ids?: number[]}>('prog', 'show', 'pinned', pin);
	return {
		id: info.id,
		name: info.name,
		tag: info.tag,
		mapIds: info.map_ids ?? [],
		pin,
		remove: () => rmSync(pin, {force: true}),
	};
}

/** A network namespace of our own, with lo up; remove() deletes it (detaching what is attached there). */
export type Netns = {name: string; exec(args: string[]): string; remove(): void};

export function createNetns(label: string): Netns {
	const name = `bpftop-${label}-${process.pid}`;
	execFileSync('ip', ['netns', 'add', name]);
	execFileSync('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
	return {
		name,
		exec: args => execFileSync('ip', ['netns', 'exec', name, ...args], {encoding: 'utf8'}),
		remove() {
			spawnSync('ip', ['netns', 'del', name]);
		},
	};
}

/** Attaches a program by id (pinned paths are not visible inside `ip netns exec`). */
export function attachXdpGeneric(netns: Netns, progId: number, dev = 'lo'): void {
	netns.exec(['bpftool', 'net', 'attach', 'xdpgeneric', 'id', String(progId), 'dev', dev]);
}

/** Sends `count` UDP datagrams to 127.0.0.1 inside the namespace. */
export function sendLoopbackUdp(netns: Netns, count: number, delayMs = 0): void {
	const script = `const s=require('dgram').createSocket('udp4');let n=0;const f=()=>{if(n++>=${count})return s.close();s.send('x',9,'127.0.0.1',()=>setTimeout(f,${delayMs}))};f();`;
	netns.exec([process.execPath, '-e', script]);
}

/** Starts UDP traffic in the background until stop() is called. */
export function startLoopbackUdp(netns: Netns, perSecond = 200): {stop(): void} {
	const script = `const s=require('dgram').createSocket('udp4');setInterval(()=>s.send('x',9,'127.0.0.1'),${Math.max(1, Math.round(1000 / perSecond))});`;
	const child = spawn('ip', ['netns', 'exec', netns.name, process.execPath, '-e', script], {stdio: 'ignore'});
	return {stop: () => child.kill('SIGKILL')};
}

export function statsSysctl(): string {
	return readFileSync('/proc/sys/kernel/bpf_stats_enabled', 'utf8').trim();
}

/** Processes that hold run-time stats on through a BPF_ENABLE_STATS fd (anon_inode:bpf-stats). */
export function statsHolders(): number[] {
	const holders: number[] = [];
	for (const pid of readdirSync('/proc').filter(name => /^\d+$/.test(name))) {
		try {
			if (readdirSync(`/proc/${pid}/fd`).some(fd => readlinkSafe(`/proc/${pid}/fd/${fd}`) === 'anon_inode:bpf-stats')) holders.push(Number(pid));
		} catch {}
	}

	return holders;
}

function readlinkSafe(path: string): string {
	try {
		return readlinkSync(path);
	} catch {
		return '';
	}
}

/**
 * Asserts that stats are off: no process holds a stats fd and run_cnt stays still under traffic.
 * Where another process (not ours) holds stats on, only the first part can be checked.
 */
export function statsAreOff(progId: number, netns: Netns, ours: number[] = []): {ok: boolean; detail: string} {
	const holders = statsHolders();
	const mine = holders.filter(pid => ours.includes(pid));
	if (mine.length > 0) return {ok: false, detail: `our process ${mine.join(',')} still holds a stats fd`};
	if (statsSysctl() !== '0' || holders.length > 0) return {ok: true, detail: `stats held by others (${holders.join(',') || 'sysctl'}): run_cnt not checked`};
	const before = bpftoolJson<{run_cnt?: number}>('prog', 'show', 'id', String(progId)).run_cnt ?? 0;
	sendLoopbackUdp(netns, 30);
	const after = bpftoolJson<{run_cnt?: number}>('prog', 'show', 'id', String(progId)).run_cnt ?? 0;
	return {ok: after === before, detail: `run_cnt ${before} → ${after} under traffic`};
}
