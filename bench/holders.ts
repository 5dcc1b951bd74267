// The cost of finding who holds each program, map and link (/proc/<pid>/fdinfo), with this many
// processes on the machine. `node --import tsx bench/holders.ts [processes]` (default 1000) starts
// that many idle processes, times the scan, and prints what it adds to a refresh: the monitor
// scans again only when a program, map or link comes or goes, or every 5 s (fill-pids.ts).
import {spawn, type ChildProcess} from 'node:child_process';
import {performance} from 'node:perf_hooks';
import {holderScanMaxAgeMs} from '../source/backends/bpftool/fill-pids.js';
import {scanHolders} from '../source/backends/bpftool/holders.js';

export type HolderCost = {readonly processes: number; readonly descriptors: number; readonly scanMs: number; readonly perRefreshMs: number};

/** Median milliseconds of `runs` scans with `extra` idle processes started for the measurement. */
export async function measureHolderScan(extra: number, runs = 7): Promise<HolderCost> {
	const children: ChildProcess[] = [];
	try {
		for (let index = 0; index < extra; index++) children.push(spawn('sleep', ['600'], {stdio: ['ignore', 'ignore', 'ignore']}));
		// Give them time to exist in /proc.
		await new Promise(resolve => setTimeout(resolve, 500));
		scanHolders();
		const times: number[] = [];
		let last = scanHolders();
		for (let run = 0; run < runs; run++) {
			const start = performance.now();
			last = scanHolders();
			times.push(performance.now() - start);
		}

		times.sort((a, b) => a - b);
		const scanMs = times[Math.floor(times.length / 2)]!;
		// At 1 refresh a second with no program coming or going: one scan per holderScanMaxAgeMs.
		return {processes: last.processes, descriptors: last.descriptors, scanMs, perRefreshMs: scanMs / (holderScanMaxAgeMs / 1000)};
	} finally {
		for (const child of children) child.kill('SIGKILL');
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const extra = Number(process.argv[2] ?? 1000);
	const cost = await measureHolderScan(extra);
	process.stdout.write(
		`holder scan: ${cost.processes} processes, ${cost.descriptors} descriptors: ${cost.scanMs.toFixed(1)} ms per scan (median of 7); ` +
			`${cost.perRefreshMs.toFixed(2)} ms per refresh at 1 refresh/s when nothing comes or goes (one scan per ${holderScanMaxAgeMs / 1000} s)\n`,
	);
}
