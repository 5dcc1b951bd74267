// Turns measured rows into the stdout table, the budget verdicts and bench/results.md. Pure.
import type {Machine} from './machine.js';
import type {Measured, Unavailable} from './pty-run.js';
import {formatNumber, formatRatio, ratio} from './text.js';

export type Row = {
	readonly label: string;
	readonly backend: 'htop' | 'bpftool' | 'emulator';
	readonly programs?: number;
	readonly result: Measured | Unavailable;
	/** Median wall time of one `bpftool -j batch` with the monitor's commands (bpftool rows). */
	readonly batchMs?: number;
};

export type Verdict = {
	/** Stable name of the line, for tests and for reading one line out of a run. */
	readonly id: 'cpu' | 'bytes' | 'first-frame' | 'first-frame-every-size' | 'rss' | 'rss-1000' | 'soak' | 'growth' | 'single-file';
	readonly budget: string;
	readonly measured: string;
	readonly status: 'pass' | 'FAIL' | 'n/a';
};

/** The two installs' first frames (bench/installs.ts), each the median of the same number of starts. */
export type Installs = {readonly npmFirstFrameMs: number; readonly singleFirstFrameMs: number};

type Ok = Row & {result: Measured};

const ok = (row: Row | undefined): row is Ok => row?.result.ok === true;
const mb = (kb: number) => kb / 1024;

function find(rows: readonly Row[], backend: Row['backend'], programs: number): Ok | undefined {
	const row = rows.find(candidate => candidate.backend === backend && candidate.programs === programs);
	return ok(row) ? row : undefined;
}

/** The row the budget is judged on: the real kernel at 100 programs, else the emulator at 100. */
export function budgetRow(rows: readonly Row[]): Ok | undefined {
	return find(rows, 'bpftool', 100) ?? find(rows, 'emulator', 100);
}

/** Per-refresh CPU at 1,000 programs over 100 (10 would be exactly linear), emulator first. */
export function growth(rows: readonly Row[]): {backend: string; factor: number} | undefined {
	for (const backend of ['emulator', 'bpftool'] as const) {
		const small = find(rows, backend, 100);
		const large = find(rows, backend, 1000);
		const factor = ratio(large?.result.cpuMsPerRefresh, small?.result.cpuMsPerRefresh);
		if (factor !== undefined) return {backend, factor};
	}

	return undefined;
}

export type Soak = {
	readonly minutes: number;
	/** Median RSS over the first and the last quarter of the samples. */
	readonly rssFirstMb: number;
	readonly rssLastMb: number;
	readonly rssMaxMb: number;
	/** Fewest fds over the first and the last quarter: a bpftool child in flight adds a few pipes. */
	readonly fdsFirst: number;
	readonly fdsLast: number;
};

/** Summarises samples (RSS in MB, fd counts) over time into the figures a soak is judged on. */
export function summariseSoak(minutes: number, samples: ReadonlyArray<{rssMb: number; fds: number}>): Soak {
	const quarter = Math.max(1, Math.floor(samples.length / 4));
	const first = samples.slice(0, quarter);
	const last = samples.slice(-quarter);
	const median = (values: number[]) => {
		const sorted = [...values].sort((a, b) => a - b);
		return sorted[Math.floor(sorted.length / 2)] ?? 0;
	};

	return {
		minutes,
		rssFirstMb: median(first.map(sample => sample.rssMb)),
		rssLastMb: median(last.map(sample => sample.rssMb)),
		rssMaxMb: Math.max(0, ...samples.map(sample => sample.rssMb)),
		fdsFirst: Math.min(...first.map(sample => sample.fds)),
		fdsLast: Math.min(...last.map(sample => sample.fds)),
	};
}

/** Flat: resident memory grew by at most 10 MB (or 10 %) after warm-up, and no fd leaked. */
export function soakIsFlat(soak: Soak): boolean {
	const growthMb = soak.rssLastMb - soak.rssFirstMb;
	return growthMb <= Math.max(10, soak.rssFirstMb * 0.1) && soak.fdsLast <= soak.fdsFirst;
}

export function verdicts(rows: readonly Row[], soak?: Soak, installs?: Installs): Verdict[] {
	const htopRow = rows.find(row => row.backend === 'htop');
	const htop = ok(htopRow) ? htopRow.result : undefined;
	const row = budgetRow(rows);
	// The subjects: the emulator at every size, the real kernel at 100 programs. The kernel at
	// 1,000 is measured to show growth; there bpftool alone takes ~150 ms per listing.
	const mine = rows.filter((candidate): candidate is Ok => candidate.backend !== 'htop' && ok(candidate) && !(candidate.backend === 'bpftool' && candidate.programs === 1000));
	const judge = (pass: boolean | undefined): Verdict['status'] => (pass === undefined ? 'n/a' : pass ? 'pass' : 'FAIL');
	const where = row ? ` (${row.label})` : '';
	const rssOf = (candidate: Ok) => mb(Math.max(candidate.result.rssWarmKb, candidate.result.rssEndKb));

	const cpu = ratio(row?.result.cpuMsPerRefresh, htop?.cpuMsPerRefresh);
	const bytes = ratio(row?.result.bytesPerRefresh, htop?.bytesPerRefresh);
	const slowest = [...mine].sort((a, b) => b.result.firstFrameMs - a.result.firstFrameMs)[0];
	const slowestFrame = slowest?.result.firstFrameMs;
	// Every subject at 1,000 programs, the real kernel's too: memory is the monitor's whatever it watches.
	const thousand = rows.filter((candidate): candidate is Ok => candidate.programs === 1000 && ok(candidate)).sort((a, b) => rssOf(b) - rssOf(a))[0];
	const grow = growth(rows);
	const single = installs ? installs.singleFirstFrameMs / installs.npmFirstFrameMs : undefined;
	return [
		{
			id: 'cpu',
			budget: 'CPU per refresh at 100 programs ≤ 3× htop',
			measured: row && htop ? `${formatNumber(row.result.cpuMsPerRefresh)} ms vs ${formatNumber(htop.cpuMsPerRefresh)} ms = ${formatRatio(cpu)}${where}` : 'not measured',
			status: judge(cpu === undefined ? undefined : cpu <= 3),
		},
		{
			id: 'bytes',
			budget: 'bytes per refresh ≤ 0.5× htop',
			measured: row && htop ? `${formatNumber(row.result.bytesPerRefresh)} B vs ${formatNumber(htop.bytesPerRefresh)} B = ${formatRatio(bytes)}${where}` : 'not measured',
			status: judge(bytes === undefined ? undefined : bytes <= 0.5),
		},
		{
			id: 'first-frame',
			budget: 'first frame at 100 programs ≤ 300 ms (median of starts)',
			measured: row ? `${formatNumber(row.result.firstFrameMs)} ms wall, ${formatNumber(row.result.firstFrameCpuMs)} ms of CPU${where}; htop ${formatNumber(htop?.firstFrameMs)} ms` : 'not measured',
			status: judge(row ? row.result.firstFrameMs <= 300 : undefined),
		},
		{
			id: 'first-frame-every-size',
			budget: 'first full frame < 0.5 s at every size',
			measured: slowest
				? `slowest ${formatNumber(slowest.result.firstFrameMs)} ms wall, ${formatNumber(slowest.result.firstFrameCpuMs)} ms of CPU (${slowest.label}; htop ${formatNumber(htop?.firstFrameMs)} ms wall)`
				: 'not measured',
			status: judge(slowestFrame === undefined ? undefined : slowestFrame < 500),
		},
		{
			id: 'rss',
			budget: 'resident memory at 100 programs ≤ 90 MB',
			measured: row ? `${formatNumber(rssOf(row))} MB${where}` : 'not measured',
			status: judge(row ? rssOf(row) <= 90 : undefined),
		},
		{
			id: 'rss-1000',
			budget: 'resident memory at 1,000 programs ≤ 100 MB',
			measured: thousand ? `largest ${formatNumber(rssOf(thousand))} MB (${thousand.label})` : 'not measured',
			status: judge(thousand ? rssOf(thousand) <= 100 : undefined),
		},
		{
			id: 'soak',
			budget: 'resident memory and fds flat over a soak',
			measured: soak
				? `${soak.minutes} min at 10/s: median RSS ${formatNumber(soak.rssFirstMb)} MB (first quarter) → ${formatNumber(soak.rssLastMb)} MB (last), max ${formatNumber(soak.rssMaxMb)}; fds ${soak.fdsFirst} → ${soak.fdsLast}`
				: 'run `npm run bench -- --soak MINUTES`',
			status: judge(soak ? soakIsFlat(soak) : undefined),
		},
		{
			id: 'growth',
			budget: 'cost grows no worse than linearly (CPU at 1,000 ≤ 10× CPU at 100)',
			measured: grow ? `${formatRatio(grow.factor)} (${grow.backend})` : 'not measured',
			status: judge(grow ? grow.factor <= 10 : undefined),
		},
		{
			id: 'single-file',
			budget: 'the single file’s first frame within 20% of the npm install’s',
			measured: installs ? `${formatNumber(installs.singleFirstFrameMs)} ms vs ${formatNumber(installs.npmFirstFrameMs)} ms = ${formatRatio(single)} (emulator, 100 programs)` : 'not measured (--only without install)',
			status: judge(single === undefined ? undefined : single <= 1.2),
		},
	];
}

const headers = ['subject', 'CPU ms/refresh', 'in the warm-up', 'of it children', 'bytes/refresh', 'first frame ms', 'CPU to first frame ms', 'RSS warm MB', 'RSS end MB', 'fds', 'bpftool batch ms'];

/** Table cells: each figure, with its ratio to htop's where htop was measured. */
export function tableCells(rows: readonly Row[]): string[][] {
	const htopRow = rows.find(row => row.backend === 'htop');
	const htop = ok(htopRow) ? htopRow.result : undefined;
	const withRatio = (value: number, reference: number | undefined, isHtop: boolean) =>
		isHtop || reference === undefined ? formatNumber(value) : `${formatNumber(value)} (${formatRatio(ratio(value, reference))})`;
	return rows.map(row => {
		if (!row.result.ok) return [row.label, `not available (${row.result.reason})`];
		const r = row.result;
		const isHtop = row.backend === 'htop';
		return [
			row.label,
			withRatio(r.cpuMsPerRefresh, htop?.cpuMsPerRefresh, isHtop),
			formatNumber(r.warmupCpuMsPerRefresh),
			formatNumber(r.childCpuMsPerRefresh),
			withRatio(r.bytesPerRefresh, htop?.bytesPerRefresh, isHtop),
			withRatio(r.firstFrameMs, htop?.firstFrameMs, isHtop),
			withRatio(r.firstFrameCpuMs, htop?.firstFrameCpuMs, isHtop),
			formatNumber(mb(r.rssWarmKb)),
			withRatio(mb(r.rssEndKb), htop ? mb(htop.rssEndKb) : undefined, isHtop),
			`${r.fdsWarm}→${r.fdsEnd}`,
			formatNumber(row.batchMs),
		];
	});
}

/** A plain-text table for stdout; rows that were not measured say why on one line. */
export function textTable(rows: readonly Row[]): string {
	const cells = tableCells(rows);
	const full = [headers, ...cells.filter(line => line.length === headers.length)];
	const widths = headers.map((_, column) => Math.max(...full.map(line => (line[column] ?? '').length)));
	const lines = [headers, ...cells].map(line =>
		line.length === headers.length ? line.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ') : `${line[0]!.padEnd(widths[0]!)}  ${line[1]}`,
	);
	return lines.join('\n');
}

export function verdictText(list: readonly Verdict[]): string {
	return list.map(verdict => `${verdict.status.padEnd(4)}  ${verdict.budget}: ${verdict.measured}`).join('\n');
}

export type RunSettings = {
	readonly windowS: number;
	readonly warmupS: number;
	readonly intervalS: number;
	readonly columns: number;
	readonly rows: number;
	/** Starts the first frame is the median of. */
	readonly starts: number;
};

const escapeCell = (cell: string) => cell.replaceAll('|', '\\|');

export function resultsMarkdown(machine: Machine, settings: RunSettings, rows: readonly Row[], list: readonly Verdict[], notes: readonly string[]): string {
	const cells = tableCells(rows);
	const table = [
		`| ${headers.join(' | ')} |`,
		`| ${headers.map((_, index) => (index === 0 ? '---' : '---:')).join(' | ')} |`,
		...cells.map(line => `| ${(line.length === headers.length ? line : [line[0]!, line[1]!, ...Array.from({length: headers.length - 2}, () => '')]).map(escapeCell).join(' | ')} |`),
	];
	return [
		'# Benchmarks',
		'',
		'Written by `npm run bench` (`npm run bench -- --quick` for a shorter window, `-- --soak MINUTES` for the soak).',
		'bpftop-ts and htop run the same way in the same session: each in a pseudo-terminal of',
		`${settings.columns}×${settings.rows}, refreshing every ${settings.intervalS} s, measured over ${settings.windowS} s after a ${settings.warmupS} s warm-up.`,
		'Ratios in parentheses are to htop’s figure.',
		'',
		'## Machine',
		'',
		`- CPU: ${machine.cpu}, ${machine.cores} cores`,
		`- kernel: ${machine.kernel}`,
		`- node: ${machine.node}`,
		`- bpftool: ${machine.bpftool}`,
		`- htop: ${machine.htop} (${machine.processes} processes on the machine)`,
		`- date: ${machine.date}; load average ${machine.load.toFixed(1)} at the start`,
		'',
		'## Figures',
		'',
		...table,
		'',
		'- CPU ms/refresh: user + system time of the monitor’s threads (`/proc/<pid>/task/*/schedstat`, exact to the ns) plus',
		'  its children’s (`cutime`/`cstime` once reaped, their own time while alive), over the window, per refresh.',
		'  "in the warm-up": the same from the first frame to the window, while Node’s JIT still compiles the code it',
		'  runs once a second (its threads then add several ms per refresh). "of it children" is the bpftool part.',
		'- bytes/refresh: bytes the monitor wrote to the pseudo-terminal over the window, per refresh.',
		'- first frame: from spawn to the first frame with data (bpftop-ts: the header’s program count; htop: its function-key bar),',
		`  the median of ${settings.starts} starts: one start on a shared machine can be 100 ms off.`,
		'- CPU to first frame: CPU time (with children) the monitor had used when that frame arrived; on a busy machine the',
		'  wall time mostly measures the other processes.',
		'- RSS: VmRSS of the monitor process after the warm-up and at the end; fds: entries of `/proc/<pid>/fd`.',
		'- bpftool batch: median wall time of one `bpftool -j batch file -` with the commands the monitor sends per refresh.',
		'',
		'## Budget',
		'',
		'| status | budget | measured |',
		'| --- | --- | --- |',
		...list.map(verdict => `| ${verdict.status} | ${escapeCell(verdict.budget)} | ${escapeCell(verdict.measured)} |`),
		...(notes.length > 0 ? ['', '## Notes', '', ...notes.map(note => `- ${note}`)] : []),
		'',
	].join('\n');
}
