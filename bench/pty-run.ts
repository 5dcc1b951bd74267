// Runs one monitor (bpftop-ts or htop) in a pseudo-terminal and measures it: bytes it writes, time
// to its first full frame, and CPU, memory and fds over a steady window after a warm-up.
import pty from 'node-pty';
import {sampleProcess, type ProcessSample} from './proc.js';
import {formatNumber, lastLine} from './text.js';

export type Subject = {
	readonly command: string;
	readonly args: readonly string[];
	readonly env?: Record<string, string>;
	/** Seen in the output once the first full frame (with data) has been written. */
	readonly fullFrame: RegExp;
	/** Seconds between refreshes, to turn a window into a number of refreshes. */
	readonly intervalS: number;
	/** Keys that make it quit. */
	readonly quitKeys: string;
};

export type Window = {
	readonly columns: number;
	readonly rows: number;
	readonly warmupMs: number;
	readonly windowMs: number;
	/** Called every sampleEveryMs during the window (the soak samples memory and fds). */
	readonly onSample?: (sample: ProcessSample) => void;
	readonly sampleEveryMs?: number;
	/** Started after the warm-up, stopped at the end of the window (load churn in the soak). */
	readonly during?: () => {stop(): Promise<unknown>};
	/**
	 * Starts to time the first frame over (default 1): the figures are the median of the measured
	 * run's start and this many minus one more, each quit at its first frame. One start on a shared
	 * machine can be 100 ms off.
	 */
	readonly starts?: number;
};

export type Measured = {
	readonly ok: true;
	readonly firstFrameMs: number;
	/** CPU time (with children) the process had used when the first full frame arrived. */
	readonly firstFrameCpuMs: number;
	readonly refreshes: number;
	readonly cpuMsPerRefresh: number;
	/** CPU per refresh from the first frame to the end of the warm-up, while the JIT still compiles. */
	readonly warmupCpuMsPerRefresh: number;
	readonly childCpuMsPerRefresh: number;
	readonly bytesPerRefresh: number;
	readonly rssWarmKb: number;
	readonly rssEndKb: number;
	readonly fdsWarm: number;
	readonly fdsEnd: number;
};

export type Unavailable = {readonly ok: false; readonly reason: string};

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Live children, so an interrupted bench can end them (by pid, never by name). */
const live = new Set<{kill(signal?: string): void}>();

export function killLivePtys(): void {
	for (const child of live) {
		try {
			child.kill('SIGKILL');
		} catch {}
	}

	live.clear();
}

export async function measure(subject: Subject, window: Window): Promise<Measured | Unavailable> {
	const result = await measureOnce(subject, window);
	const starts = window.starts ?? 1;
	if (!result.ok || starts <= 1) return result;
	const wall = [result.firstFrameMs];
	const cpu = [result.firstFrameCpuMs];
	while (wall.length < starts) {
		const start = await measureStart(subject, window);
		if (!start.ok) return start;
		wall.push(start.firstFrameMs);
		cpu.push(start.firstFrameCpuMs);
	}

	return {...result, firstFrameMs: median(wall), firstFrameCpuMs: median(cpu)};
}

/** One start, quit at its first full frame. */
export async function measureStart(subject: Subject, terminal: {readonly columns: number; readonly rows: number}): Promise<Measured | Unavailable> {
	return measureOnce(subject, {columns: terminal.columns, rows: terminal.rows, warmupMs: 0, windowMs: 1});
}

export function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function measureOnce(subject: Subject, window: Window): Promise<Measured | Unavailable> {
	let bytes = 0;
	let text = '';
	let firstFrameMs: number | undefined;
	let firstFrameCpuMs: number | undefined;
	let firstFrameAtMs = 0;
	let exited: {exitCode: number; signal?: number} | undefined;
	const started = performance.now();
	const child = pty.spawn(subject.command, [...subject.args], {
		name: 'xterm-256color',
		cols: window.columns,
		rows: window.rows,
		env: {...(process.env as Record<string, string>), CI: 'false', TERM: 'xterm-256color', ...subject.env},
	});
	live.add(child);
	child.onData(data => {
		bytes += Buffer.byteLength(data, 'utf8');
		if (firstFrameMs === undefined) {
			text += data;
			if (subject.fullFrame.test(text)) {
				firstFrameMs = performance.now() - started;
				firstFrameAtMs = performance.now();
				// CPU spent to get there: on a busy machine the wall time mostly measures the others.
				const sample = sampleProcess(child.pid);
				if (sample) firstFrameCpuMs = sample.cpuNs / 1e6;
			}
		}
	});
	const exit = new Promise<void>(resolve =>
		child.onExit(result => {
			exited = result;
			resolve();
		}),
	);

	try {
		const deadline = started + 15_000;
		while (firstFrameMs === undefined && exited === undefined && performance.now() < deadline) await sleep(5);
		if (firstFrameMs === undefined) {
			// Let the last words arrive: a CLI that refuses its flags says why on the terminal.
			await Promise.race([exit, sleep(300)]);
			const why = lastLine(text) || (exited ? `exited with code ${exited.exitCode}` : 'no full frame within 15 s');
			return {ok: false, reason: why};
		}

		await sleep(window.warmupMs);
		const from = sampleProcess(child.pid);
		const bytesFrom = bytes;
		if (!from) return {ok: false, reason: `exited during the warm-up (code ${exited?.exitCode})`};
		const churn = window.during?.();
		let last = from;
		const end = from.atMs + window.windowMs;
		while (performance.now() < end && exited === undefined) {
			await sleep(Math.min(window.sampleEveryMs ?? 1000, Math.max(0, end - performance.now())));
			const sample = sampleProcess(child.pid);
			if (!sample) break;
			last = sample;
			window.onSample?.(sample);
		}

		const bytesTo = bytes;
		await churn?.stop();
		if (exited !== undefined) {
			const how = exited.signal ? `signal ${exited.signal}` : `code ${exited.exitCode}`;
			return {ok: false, reason: `exited during the window (${how}) after ${formatNumber((performance.now() - from.atMs) / 1000)} s`};
		}
		const refreshes = (last.atMs - from.atMs) / 1000 / subject.intervalS;
		const warmupRefreshes = (from.atMs - firstFrameAtMs) / 1000 / subject.intervalS;
		return {
			ok: true,
			firstFrameMs,
			firstFrameCpuMs: firstFrameCpuMs ?? Number.NaN,
			refreshes,
			cpuMsPerRefresh: (last.cpuNs - from.cpuNs) / 1e6 / refreshes,
			warmupCpuMsPerRefresh: warmupRefreshes >= 1 ? (from.cpuNs / 1e6 - (firstFrameCpuMs ?? Number.NaN)) / warmupRefreshes : Number.NaN,
			childCpuMsPerRefresh: (last.childCpuNs - from.childCpuNs) / 1e6 / refreshes,
			bytesPerRefresh: (bytesTo - bytesFrom) / refreshes,
			rssWarmKb: from.rssKb,
			rssEndKb: last.rssKb,
			fdsWarm: from.fds,
			fdsEnd: last.fds,
		};
	} finally {
		if (exited === undefined) {
			child.write(subject.quitKeys);
			await Promise.race([exit, sleep(3000)]);
			if (exited === undefined) child.kill('SIGKILL');
		}

		live.delete(child);
	}
}
