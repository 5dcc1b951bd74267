// BPF run-time statistics (run_cnt, run_time_ns) are off by default. The best switch is the
// BPF_ENABLE_STATS command: it returns a file descriptor, and the kernel turns stats off again when
// the fd closes — even if we are killed with SIGKILL. Only when that fails do we touch the sysctl,
// and then we restore what we found. We never switch off stats someone else turned on.
import {closeSync, readFileSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import type {StatsState} from '../backend.js';

const sysctlPath = '/proc/sys/kernel/bpf_stats_enabled';

/** bpf(2) syscall numbers; BPF_ENABLE_STATS is command 32, BPF_STATS_RUN_TIME is type 0. */
const bpfSyscall: Record<string, number> = {x64: 321, arm64: 280, riscv64: 280, loong64: 280};
const BPF_ENABLE_STATS = 32;

export type StatsGuard = {
	readonly state: StatsState;
	/** Undoes what enable did; safe to call more than once and from an exit handler (synchronous). */
	release(): void;
};

export function enableRuntimeStats(sysctl = sysctlPath): StatsGuard {
	if (readSysctl(sysctl) === '1') return {state: {on: true, how: 'already-on'}, release() {}};

	const fd = enableStatsFd();
	if (typeof fd === 'number') {
		let open = true;
		return {
			state: {on: true, how: 'fd'},
			release() {
				if (open) closeSync(fd);
				open = false;
			},
		};
	}

	try {
		writeFileSync(sysctl, '1');
		let restored = false;
		return {
			state: {on: true, how: 'sysctl'},
			release() {
				if (!restored) writeFileSync(sysctl, '0');
				restored = true;
			},
		};
	} catch (error) {
		return {state: {on: false, reason: `cannot enable run-time stats (${fd}; sysctl: ${(error as Error).message})`}, release() {}};
	}
}

function readSysctl(path: string): string | undefined {
	try {
		return readFileSync(path, 'utf8').trim();
	} catch {
		return undefined;
	}
}

/** Returns the stats fd, or why there is none. */
function enableStatsFd(): number | string {
	const number = bpfSyscall[process.arch];
	if (number === undefined || process.platform !== 'linux') return `BPF_ENABLE_STATS unsupported on ${process.platform}/${process.arch}`;
	try {
		const require = createRequire(import.meta.url);
		const koffi = require('koffi') as typeof import('koffi');
		const syscall = koffi.load('libc.so.6').func('long syscall(long, int, uint8_t *, uint32_t)');
		const attr = Buffer.alloc(8); // union bpf_attr { struct { __u32 type; } enable_stats; }
		const fd = Number(syscall(number, BPF_ENABLE_STATS, attr, attr.length));
		if (fd >= 0) return fd;
		return `BPF_ENABLE_STATS failed (errno ${koffi.errno()})`;
	} catch (error) {
		return `BPF_ENABLE_STATS unavailable (${(error as Error).message})`;
	}
}
