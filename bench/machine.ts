// The machine a result was measured on, and the tools the bench needs (bpftool, htop).
import {execFileSync, spawnSync} from 'node:child_process';
import {readdirSync} from 'node:fs';
import {cpus, loadavg, release} from 'node:os';
import {batchInput} from '../source/backends/bpftool/batch-input.js';
import {commandsFor} from '../source/collect/request.js';

export type Machine = {
	readonly cpu: string;
	readonly cores: number;
	readonly kernel: string;
	readonly node: string;
	readonly bpftool: string;
	readonly htop: string;
	readonly date: string;
	readonly processes: number;
	/** 1-minute load average at the start: on a busy machine wall times stretch, CPU times less so. */
	readonly load: number;
};

function firstLine(command: string, args: string[]): string | undefined {
	const result = spawnSync(command, args, {encoding: 'utf8'});
	if (result.error || result.status !== 0) return undefined;
	return result.stdout.trim().split('\n')[0];
}

export function describeMachine(): Machine {
	// htop's cost grows with the number of processes it lists: worth recording next to its figures.
	const processes = readdirSync('/proc').filter(name => /^\d+$/.test(name)).length;
	return {
		cpu: cpus()[0]?.model ?? 'unknown',
		cores: cpus().length,
		kernel: release(),
		node: process.version,
		bpftool: firstLine('bpftool', ['version']) ?? 'not installed',
		htop: firstLine('htop', ['--version']) ?? 'not installed',
		date: new Date().toISOString(),
		processes,
		load: loadavg()[0] ?? 0,
	};
}

/** htop, installed with apt-get when missing and we are root; else why there is none. */
export function ensureHtop(): string | undefined {
	if (firstLine('htop', ['--version'])) return undefined;
	if (process.getuid?.() !== 0) return 'htop is not installed (and not root to apt-get it)';
	process.stderr.write('bench: installing htop with apt-get\n');
	const install = spawnSync('apt-get', ['install', '-y', 'htop'], {stdio: ['ignore', 'ignore', 'inherit'], env: {...process.env, DEBIAN_FRONTEND: 'noninteractive'}});
	if (install.status !== 0) return 'apt-get install -y htop failed';
	return firstLine('htop', ['--version']) ? undefined : 'htop still missing after apt-get';
}

/**
 * Wall time of the batch the monitor sends each refresh (the same commands, one bpftool process),
 * median of `runs`. This is the floor no monitor that asks bpftool can go under.
 */
export function bpftoolBatchMs(runs = 10): number | undefined {
	const input = batchInput(commandsFor({}));
	const times: number[] = [];
	for (let index = 0; index < runs; index++) {
		const started = performance.now();
		try {
			execFileSync('bpftool', ['-j', 'batch', 'file', '-'], {input, stdio: ['pipe', 'ignore', 'ignore'], maxBuffer: 256 * 1024 * 1024});
		} catch {
			return undefined;
		}

		times.push(performance.now() - started);
	}

	times.sort((a, b) => a - b);
	return times[Math.floor(times.length / 2)];
}
