// Events for tracing programs: the context of a BTF tracepoint, fentry/fexit, kprobe, a classic
// tracepoint or a perf event, with pointers to kernel objects laid out by BTF (kernel-memory.ts).
// Scheduler events share a run queue, so sched_switch switches in a task that was woken before it,
// a few microseconds to milliseconds after its wakeup (what runqlat's histogram measures); syscall
// events pass paths in the process's memory.
import type {Prng} from '../prng.js';
import type {KernelMemory} from './kernel-memory.js';
import {functionArgs, tracepointArgs, type TraceArg} from './trace-args.js';
import {pickTask, type Task} from './tasks.js';

/** What events of one loaded object see: its kernel memory (and its own types for tracepoint contexts). */
export type World = {
	readonly kernel: KernelMemory | undefined;
	/** Lays out structs the object declares itself (a tool's own syscall_trace_enter); undefined: the kernel's. */
	readonly local: KernelMemory | undefined;
	/** Tasks woken and not yet switched in (with when), oldest first; a switch takes the latest. */
	readonly runqueue: Woken[];
	/** The time of the event being made. */
	now(): bigint;
};

export type Woken = {readonly task: Task; readonly atNs: bigint};

export type Buffers = {readonly ctx: Uint8Array; readonly ctxView: DataView};

/** pt_regs offsets of the first six x86-64 argument registers, and of ax (a return value). */
const ARG_REGS = [112, 104, 96, 88, 72, 64];
const REG_AX = 80;
const AT_FDCWD = -100;

function setU64(view: DataView, at: number, value: number | bigint): void {
	view.setBigUint64(at, BigInt.asUintN(64, BigInt(value)), true);
}

/** A plausible value for an integer argument or field, by its name. */
function intFor(name: string, prng: Prng): number {
	if (/^(irq|vec|vec_nr)$/.test(name)) return prng.pick([0, 1, 3, 9, 24, 25]);
	if (/state$/.test(name)) return prng.int(0, 1);
	if (/preempt/.test(name)) return prng.float() < 0.3 ? 1 : 0;
	if (/^(count|size|len|bytes|nr_bytes)$/.test(name)) return prng.pick([64, 512, 4096, 8192, 65_536]);
	if (/flags$/.test(name)) return 0;
	if (/sig$/.test(name)) return prng.pick([9, 15, 2, 17, 10]);
	if (/^ret$/.test(name)) return 0;
	return prng.int(0, 16);
}

/** A scheduling delay: log-normal around 8 µs, with a tail into milliseconds (a busy server's run queue). */
function schedulingDelayNs(prng: Prng): bigint {
	const normal = Math.sqrt(-2 * Math.log(1 - prng.float())) * Math.cos(2 * Math.PI * prng.float());
	return BigInt(Math.round(Math.exp(Math.log(8_000) + 1.4 * normal)));
}

/** Values of tracing arguments: tasks, objects, integers. `current` is the task the event runs on; `at` set when a switch-in moves the event's time. */
function argValues(args: readonly TraceArg[], prng: Prng, world: World, current: Task, timing: {atNs?: bigint} = {}): Array<number | bigint> {
	const kernel = world.kernel;
	return args.map(arg => {
		if (arg.kind === 'int') return intFor(arg.name, prng);
		if (arg.kind === 'pointer' || !kernel) return 0;
		if (arg.struct === 'task_struct') {
			if (arg.name === 'prev' || arg.name === 'parent' || arg.name === 'current') return kernel.taskAddress(current);
			if (arg.name === 'next') {
				// The most recent wakeup runs next (more wakeups than switches arrive here, so older ones are stale).
				const woken = world.runqueue.pop();
				if (woken === undefined) return kernel.taskAddress(otherTask(prng, current));
				// The switch-in happens one scheduling delay after the wakeup (or now, if that is sooner).
				const at = woken.atNs + schedulingDelayNs(prng);
				const now = world.now();
				timing.atNs = at < now ? at : now;
				return kernel.taskAddress(woken.task);
			}

			const woken = otherTask(prng, current);
			wake(world, {task: woken, atNs: world.now()});
			return kernel.taskAddress(woken);
		}

		return kernel.argument(arg.struct, prng, prng.int(0, 7));
	});
}

/** Queues a woken task; the queue keeps the 64 latest. */
function wake(world: World, woken: Woken): void {
	if (world.runqueue.length >= 64) world.runqueue.shift();
	world.runqueue.push(woken);
}

function otherTask(prng: Prng, not: Task): Task {
	for (let tries = 0; tries < 4; tries++) {
		const task = pickTask(prng);
		if (task.pid !== not.pid) return task;
	}

	return pickTask(prng);
}

/** tp_btf / raw_tp on a BTF tracepoint: the context is the arguments, one u64 each. */
export function btfTracepointEvent(name: string, prng: Prng, b: Buffers, world: World): {ctxSize: number; task: Task; atNs?: bigint} {
	const task = pickTask(prng);
	const args = tracepointArgs(world.kernel?.btf, name);
	const timing: {atNs?: bigint} = {};
	const values = argValues(args, prng, world, task, timing);
	if (name === 'sched_switch' && world.kernel) {
		// The task switched out was preempted (still runnable) or went to sleep.
		const preempted = values[0] === 1;
		world.kernel.setTaskState(task, preempted ? 0 : 1);
		const stateIndex = args.findIndex(a => a.name === 'prev_state');
		if (stateIndex >= 0) values[stateIndex] = preempted ? 0 : 1;
		if (preempted) wake(world, {task, atNs: timing.atNs ?? world.now()});
	}

	b.ctx.fill(0, 0, Math.max(8, values.length * 8));
	values.forEach((value, i) => setU64(b.ctxView, i * 8, value));
	return {ctxSize: Math.max(8, values.length * 8), task, ...(timing.atNs === undefined ? {} : {atNs: timing.atNs})};
}

/** fentry/fexit/fmod_ret/lsm: the function's arguments (and for fexit its return value after them). */
export function functionEvent(func: string, withReturn: boolean, prng: Prng, b: Buffers, world: World): {ctxSize: number; task: Task} {
	const task = pickTask(prng);
	const {args} = functionArgs(world.kernel?.btf, func);
	const values = argValues(args, prng, world, task);
	if (withReturn) values.push(prng.float() < 0.9 ? 0 : -prng.pick([2, 11, 13]));
	b.ctx.fill(0, 0, Math.max(8, values.length * 8));
	values.forEach((value, i) => setU64(b.ctxView, i * 8, value));
	return {ctxSize: Math.max(8, values.length * 8), task};
}

/** kprobe/kretprobe: struct pt_regs with the arguments in di, si, dx, cx, r8, r9 (the return value in ax). */
export function kprobeEvent(func: string, retprobe: boolean, prng: Prng, b: Buffers, world: World): {ctxSize: number; task: Task} {
	const task = pickTask(prng);
	b.ctx.fill(0, 0, 168);
	const {args} = functionArgs(world.kernel?.btf, func);
	const values = world.kernel ? argValues(args, prng, world, task) : [prng.int(3, 200), prng.int(0, 65_535), prng.int(1, 4096)];
	values.slice(0, ARG_REGS.length).forEach((value, i) => setU64(b.ctxView, ARG_REGS[i]!, value));
	if (retprobe) setU64(b.ctxView, REG_AX, prng.float() < 0.9 ? prng.int(0, 4096) : -prng.pick([2, 11, 13]));
	setU64(b.ctxView, 128, 0xffff_ffff_8100_0000n + BigInt(prng.int(0, 0xff_ffff) * 16));
	return {ctxSize: 168, task};
}

/** perf_event: struct bpf_perf_event_data {pt_regs regs; u64 sample_period; u64 addr}. */
export function perfEventData(prng: Prng, b: Buffers): {ctxSize: number; task: Task} {
	const task = pickTask(prng);
	b.ctx.fill(0, 0, 184);
	setU64(b.ctxView, 128, 0xffff_ffff_8100_0000n + BigInt(prng.int(0, 0xff_ffff) * 16));
	setU64(b.ctxView, 168, 1_000_000);
	return {ctxSize: 184, task};
}

/** Syscall numbers (x86-64) of the syscall tracepoints tools attach to. */
const SYSCALL_NUMBERS: Readonly<Record<string, number>> = {
	read: 0, write: 1, open: 2, close: 3, newstat: 4, newfstat: 5, newlstat: 6, execve: 59, kill: 62, statfs: 137,
	mount: 165, umount: 166, tkill: 200, tgkill: 234, openat: 257, newfstatat: 262, statx: 332, openat2: 437, bpf: 321,
};

const PATHS: Readonly<Record<string, readonly string[]>> = {
	nginx: ['/var/www/html/index.html', '/var/log/nginx/access.log', '/etc/nginx/mime.types'],
	postgres: ['base/16384/2619', 'pg_wal/000000010000000000000001', 'global/pg_control'],
	python3: ['/usr/lib/python3.11/json/__init__.py', '/proc/self/stat', '/tmp/job.lock'],
	node: ['/srv/app/package.json', '/etc/ssl/certs/ca-certificates.crt'],
	sshd: ['/etc/ssh/sshd_config', '/var/log/auth.log', '/etc/passwd'],
	systemd: ['/proc/1/mountinfo', '/sys/fs/cgroup/system.slice/cpu.stat'],
	'systemd-journal': ['/var/log/journal/system.journal', '/proc/402/cmdline'],
	containerd: ['/run/containerd/containerd.sock', '/var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db'],
	bash: ['/etc/bash.bashrc', '/home/ops/.bash_history', '/usr/bin/ls'],
	cron: ['/etc/crontab', '/var/spool/cron/crontabs/root'],
	curl: ['/etc/ssl/certs/ca-certificates.crt', '/etc/hosts', '/etc/resolv.conf'],
};

function pathFor(task: Task, prng: Prng): string {
	return prng.pick(PATHS[task.comm] ?? ['/etc/ld.so.cache', '/lib/x86_64-linux-gnu/libc.so.6']);
}

/** The six syscall arguments a process passes (paths point into its memory). */
function syscallArgs(syscall: string, task: Task, prng: Prng, kernel: KernelMemory | undefined): Array<number | bigint> {
	const path = () => (kernel ? kernel.userString(pathFor(task, prng)) : 0);
	const user = (text: string) => (kernel ? kernel.userString(text) : 0);
	switch (syscall) {
		case 'openat':
		case 'openat2':
			return [AT_FDCWD, path(), prng.pick([0x80000, 0x80000, 0x241, 0x42]), 0o644, 0, 0];
		case 'open':
			return [path(), prng.pick([0, 0x241]), 0o644, 0, 0, 0];
		case 'execve':
			return [user(prng.pick(['/usr/bin/ls', '/usr/bin/grep', '/bin/sh', '/usr/bin/curl'])), 0, 0, 0, 0, 0];
		case 'newstat':
		case 'newlstat':
		case 'statfs':
			return [path(), 0, 0, 0, 0, 0];
		case 'newfstatat':
		case 'statx':
			return [AT_FDCWD, path(), 0, 0x7ff, 0, 0];
		case 'kill':
		case 'tkill':
			return [prng.pick([1843, 1502, 3383, 2211]), prng.pick([15, 9, 10, 2]), 0, 0, 0, 0];
		case 'tgkill':
			return [1843, 1844, prng.pick([15, 10]), 0, 0, 0];
		case 'mount':
			return [user('tmpfs'), user('/run/user/1000'), user('tmpfs'), 0x6, 0, 0];
		case 'umount':
			return [user('/run/user/1000'), 0, 0, 0, 0, 0];
		default:
			return [prng.int(0, 64), prng.int(0, 4096), prng.int(0, 64), 0, 0, 0];
	}
}

function syscallReturn(syscall: string, prng: Prng): number {
	if (/^open/.test(syscall) || syscall === 'execve') return prng.float() < 0.1 ? -2 : syscall === 'execve' ? 0 : prng.int(3, 40);
	if (/stat/.test(syscall)) return prng.float() < 0.05 ? -2 : 0;
	return 0;
}

/** TCP states a connection passes through (inet_sock_set_state): one step of a believable life. */
const TCP_STEPS: ReadonlyArray<readonly [number, number]> = [[7, 2], [2, 1], [1, 4], [4, 5], [5, 7], [1, 8], [8, 9], [9, 7], [10, 3], [3, 1]];

/**
 * A classic tracepoint's record (struct trace_event_raw_<event>, or the struct the program declares
 * for it), filled field by field: syscall ids, arguments and results, pids and names, addresses.
 */
export function tracepointEvent(category: string, name: string, ctxStruct: string | undefined, prng: Prng, b: Buffers, world: World): {ctxSize: number; task: Task} {
	const task = pickTask(prng);
	const layouts = [world.local, world.kernel].filter((k): k is KernelMemory => k !== undefined);
	const candidates = [ctxStruct, `trace_event_raw_${name}`, category === 'syscalls' ? (name.startsWith('sys_enter') ? 'trace_event_raw_sys_enter' : 'trace_event_raw_sys_exit') : undefined];
	let layout: KernelMemory | undefined;
	let struct: string | undefined;
	for (const candidate of candidates) {
		if (candidate === undefined) continue;
		layout = layouts.find(k => k.structId(candidate) !== undefined);
		if (layout) {
			struct = candidate;
			break;
		}
	}

	const size = 256;
	b.ctx.fill(0, 0, size);
	const syscall = category === 'syscalls' ? name.replace(/^sys_(enter|exit)_/, '') : category === 'raw_syscalls' ? 'read' : '';
	const exit = /^sys_exit/.test(name);
	if (!layout || !struct) {
		// No types at all: the syscall layout (8-byte header, id, then args or ret).
		setU64(b.ctxView, 8, SYSCALL_NUMBERS[syscall] ?? 0);
		if (exit) setU64(b.ctxView, 16, syscallReturn(syscall, prng));
		else syscallArgs(syscall, task, prng, world.kernel).forEach((value, i) => setU64(b.ctxView, 16 + i * 8, value));
		return {ctxSize: 64, task};
	}

	const region = {bytes: b.ctx, base: 0, size};
	const set = (path: string, value: number | bigint | string) => layout!.set(region, struct!, path, value);
	set('ent.pid', task.pid);
	set('ent.type', 1);
	const id = category === 'raw_syscalls' ? prng.pick([0, 1, 3, 9, 17, 202, 232, 257]) : SYSCALL_NUMBERS[syscall] ?? 0;
	set('id', id);
	set('nr', id);
	if (exit || name === 'sys_exit') set('ret', syscallReturn(syscall, prng));
	else syscallArgs(syscall, task, prng, world.kernel).forEach((value, i) => set(`args.${i}`, value));

	for (const field of ['pid', 'tgid', 'tid', 'common_pid']) set(field, task.pid);
	for (const field of ['comm', 'parent_comm', 'child_comm', 'next_comm', 'prev_comm']) set(field, task.comm);
	set('prio', 120);
	set('sig', prng.pick([9, 15, 17, 10]));
	set('errno', 0);
	set('result', 0);
	const [oldstate, newstate] = prng.pick(TCP_STEPS);
	set('oldstate', oldstate);
	set('newstate', newstate);
	set('family', 2);
	set('protocol', 6);
	set('sport', prng.pick([443, 5432, 22, 40_000 + prng.int(0, 999)]));
	set('dport', prng.pick([443, 80, 5432, 53]));
	set('saddr', '\x0a\x00\x00\x05');
	set('daddr', prng.pick(['\x0a\x00\x00\x07', '\xc0\xa8\x01\x14', '\x7f\x00\x00\x01']));
	if (world.kernel) set('skaddr', world.kernel.argument('sock', prng, prng.int(0, 7)));
	set('dev', 0x80_0003);
	set('sector', prng.int(0, 1 << 30));
	set('nr_sector', prng.pick([8, 16, 64, 256]));
	set('bytes', prng.pick([4096, 8192, 65_536]));
	set('rwbs', prng.pick(['R', 'W', 'WS', 'RA']));
	const structSize = layout.structId(struct) === undefined ? 64 : Math.min(size, Math.max(16, layoutSize(layout, struct)));
	return {ctxSize: structSize, task};
}

function layoutSize(layout: KernelMemory, struct: string): number {
	const id = layout.structId(struct);
	const type = id === undefined ? undefined : layout.btf.type(id);
	return type && 'size' in type ? type.size : 64;
}
