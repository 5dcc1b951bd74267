// Big maps on the real kernel (issue 21's budget): a hash that can hold 1,000,000 entries with
// 200,000 in use, and an array of 1,000,000, both u32 → u64 with BTF (test/bpf/big-maps.bpf.c),
// counters bumped every 200 ms by BPF_PROG_TEST_RUN. Each map's value table runs in a pty at one
// refresh a second: CPU per refresh and RSS over the window, and how fast a key is answered while
// the map is being read ('?' opens the help, '?' closes it, each timed to its text on screen).
// Then `--once --json` of each: wall time and peak RSS, its output read through a pipe.
import {execFile, spawn} from 'node:child_process';
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import pty from 'node-pty';
import {compileBpf} from '../test/helpers/kernel.js';
import {onCleanup} from './cleanup.js';
import {sampleProcess} from './proc.js';
import {cliPath} from './subjects.js';
import {formatNumber} from './text.js';

const run = promisify(execFile);
const sleep = async (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

export type BigMaps = {
	readonly hashId: number;
	readonly arrayId: number;
	/** Bumps counters every `everyMs` until stopped. */
	activity(everyMs: number): {stop(): Promise<void>};
	remove(): void;
};

export async function createBigMaps(): Promise<BigMaps> {
	const object = compileBpf('big-maps');
	const dir = `/sys/fs/bpf/bpftop-bigmaps-${process.pid}`;
	const packet = join(tmpdir(), `bpftop-bigmaps-${process.pid}.packet`);
	const remove = () => {
		rmSync(dir, {recursive: true, force: true});
		rmSync(packet, {force: true});
	};
	const forget = onCleanup(remove);
	mkdirSync(dir, {recursive: true});
	writeFileSync(packet, Buffer.alloc(64));
	await run('bpftool', ['prog', 'loadall', object, dir, 'pinmaps', `${dir}/maps`]);
	const idOf = async (name: string) => (JSON.parse((await run('bpftool', ['-j', 'map', 'show', 'pinned', `${dir}/maps/${name}`])).stdout) as {id: number}).id;
	const prog = async (name: string) => run('bpftool', ['prog', 'run', 'pinned', `${dir}/${name}`, 'data_in', packet]);
	await prog('fill');
	return {
		hashId: await idOf('big_hash'),
		arrayId: await idOf('big_array'),
		activity(everyMs) {
			let stopped = false;
			const loop = (async () => {
				while (!stopped) {
					await prog('bump').catch(() => undefined);
					await sleep(everyMs);
				}
			})();
			return {
				async stop() {
					stopped = true;
					await loop;
				},
			};
		},
		remove() {
			remove();
			forget();
		},
	};
}

export type TableFigures = {
	readonly ok: true;
	readonly cpuMsPerRefresh: number;
	readonly rssMaxMb: number;
	/** Key answers (ms) while a read ran, and at other times. */
	readonly keysDuringRead: readonly number[];
	readonly keysOther: readonly number[];
	readonly refreshes: number;
};

export type Failed = {readonly ok: false; readonly reason: string};

/** The value table of one map in a 120×40 pty: CPU, RSS, and keys answered while it reads. */
export async function measureTable(mapId: number, timing: {warmupMs: number; windowMs: number}): Promise<TableFigures | Failed> {
	const child = pty.spawn(cliPath, ['--backend', 'bpftool', '--interval', '1', '--map', String(mapId)], {
		name: 'xterm-256color',
		cols: 120,
		rows: 40,
		env: {...(process.env as Record<string, string>), CI: 'false', TERM: 'xterm-256color'},
	});
	let text = '';
	let reading = false;
	let exited = false;
	child.onExit(() => (exited = true));
	child.onData(data => {
		text += data;
		if (text.length > 200_000) text = text.slice(-100_000);
		// The title line says "reading N of M…" while a read runs, "via bpf(2)" once it ended.
		const started = data.lastIndexOf('reading ');
		const ended = data.lastIndexOf('via bpf(2)');
		if (started >= 0 || ended >= 0) reading = started > ended;
	});
	try {
		const deadline = performance.now() + 30_000;
		while (!/entries of max/.test(text) && performance.now() < deadline && !exited) await sleep(20);
		if (!/entries of max/.test(text)) return {ok: false, reason: exited ? 'exited before its first values' : 'no values within 30 s'};
		await sleep(timing.warmupMs);
		const from = sampleProcess(child.pid);
		if (!from) return {ok: false, reason: 'exited during the warm-up'};
		let rssMaxKb = from.rssKb;
		const keysDuringRead: number[] = [];
		const keysOther: number[] = [];
		const end = from.atMs + timing.windowMs;
		let last = from;
		let open = false;
		while (performance.now() < end && !exited) {
			// Open or close the help, and time it to its text on screen.
			const during = reading;
			text = '';
			const pressed = performance.now();
			child.write('?');
			const expected = open ? /HISTORY/ : /Quit \(also Ctrl-C\)/;
			while (!expected.test(text) && performance.now() - pressed < 5000) await sleep(2);
			(during ? keysDuringRead : keysOther).push(performance.now() - pressed);
			open = !open;
			await sleep(150 + Math.random() * 200);
			const sample = sampleProcess(child.pid);
			if (sample) {
				last = sample;
				rssMaxKb = Math.max(rssMaxKb, sample.rssKb);
			}
		}

		if (open) child.write('?');
		const refreshes = (last.atMs - from.atMs) / 1000;
		return {ok: true, cpuMsPerRefresh: (last.cpuNs - from.cpuNs) / 1e6 / refreshes, rssMaxMb: rssMaxKb / 1024, keysDuringRead, keysOther, refreshes};
	} finally {
		if (!exited) {
			child.write('q');
			const quit = performance.now();
			while (!exited && performance.now() - quit < 3000) await sleep(20);
			if (!exited) child.kill('SIGKILL');
		}
	}
}

export type OnceFigures = {readonly ok: true; readonly wallMs: number; readonly peakRssMb: number; readonly bytes: number; readonly entries?: number};

/** `--once --json --map ID`, its output read through a pipe: wall time, peak RSS (VmHWM), bytes. */
export async function measureOnce(mapId: number): Promise<OnceFigures | Failed> {
	const started = performance.now();
	// The bin as installed (it starts node with its flags): under other flags V8 refuses the code cache.
	const child = spawn(cliPath, ['--backend', 'bpftool', '--once', '--json', '--map', String(mapId)], {stdio: ['ignore', 'pipe', 'pipe']});
	let bytes = 0;
	let head = '';
	let stderr = '';
	let peakKb = 0;
	// entry_count comes before the entries, after the programs and maps: kept until it is seen.
	child.stdout.on('data', (chunk: Buffer) => {
		bytes += chunk.length;
		if (!/"entry_count":\d+,/.test(head) && head.length < 4 << 20) head += chunk.toString('latin1');
	});
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const timer = setInterval(() => {
		try {
			const match = /^VmHWM:\s+(\d+)/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
			if (match) peakKb = Math.max(peakKb, Number(match[1]));
		} catch {}
	}, 10);
	const code = await new Promise<number | null>(resolve => child.on('close', resolve));
	clearInterval(timer);
	if (code !== 0) return {ok: false, reason: `exit ${code}: ${stderr.trim().split('\n').at(-1) ?? ''}`};
	const count = /"entry_count":(\d+)/.exec(head);
	return {ok: true, wallMs: performance.now() - started, peakRssMb: peakKb / 1024, bytes, ...(count ? {entries: Number(count[1])} : {})};
}

export function percentile(values: readonly number[], share: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;
}

export type BigMapVerdict = {readonly budget: string; readonly measured: string; readonly status: 'pass' | 'FAIL' | 'n/a'};

/** The budget lines of issue 21 for one map. */
export function bigMapVerdicts(label: string, table: TableFigures | Failed, once: OnceFigures | Failed): BigMapVerdict[] {
	const verdict = (budget: string, measured: string, pass: boolean | undefined): BigMapVerdict => ({budget: `${label}: ${budget}`, measured, status: pass === undefined ? 'n/a' : pass ? 'pass' : 'FAIL'});
	const keys = table.ok ? (table.keysDuringRead.length > 0 ? table.keysDuringRead : table.keysOther) : [];
	const keyP95 = percentile(keys, 0.95);
	return [
		verdict('RSS ≤ 300 MB', table.ok ? `${formatNumber(table.rssMaxMb)} MB (largest sample)` : table.reason, table.ok ? table.rssMaxMb <= 300 : undefined),
		verdict('CPU per refresh ≤ 250 ms', table.ok ? `${formatNumber(table.cpuMsPerRefresh)} ms` : table.reason, table.ok ? table.cpuMsPerRefresh <= 250 : undefined),
		verdict(
			'a key answered within 100 ms while a read runs (95th percentile)',
			table.ok ? `${formatNumber(keyP95)} ms p95, ${formatNumber(percentile(keys, 0.5))} ms median, ${formatNumber(Math.max(...keys))} ms max of ${keys.length} keys${table.keysDuringRead.length === 0 ? ' (none fell in a read: all keys)' : ' during reads'}` : table.reason,
			table.ok && keys.length > 0 ? keyP95 <= 100 : undefined,
		),
		verdict('--once --json within 3 s', once.ok ? `${formatNumber(once.wallMs / 1000)} s (${formatNumber(once.bytes / 1e6)} MB of JSON, ${once.entries ?? '?'} entries)` : once.reason, once.ok ? once.wallMs <= 3000 : undefined),
		verdict('--once --json peak RSS ≤ 400 MB', once.ok ? `${formatNumber(once.peakRssMb)} MB` : once.reason, once.ok ? once.peakRssMb <= 400 : undefined),
	];
}
