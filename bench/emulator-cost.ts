// What the emulator costs the monitor, without the terminal: for 10, 100 and 1000 programs,
// construction, the first answer (which simulates the warm-up), the CPU of one refresh (prog show +
// map show after one simulated second, as the monitor asks at 1 refresh/s) averaged over the first
// --seconds simulated seconds (JIT compilation included) and over as many more (warm), the parsing
// of those two answers (source/parse, as collect does it), and the heap. Each size runs in a fresh
// process (cold JIT, clean heap), as the CLI would start; the median of --rounds runs is printed.
//
//   node --import tsx bench/emulator-cost.ts [--rounds N] [--seconds S] [--sizes 10,100,1000]
import {spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {createEmulatorBackend} from '../source/backends/emulator/emulator-backend.js';
import {virtualClock} from '../source/clock/clock.js';
import {parseOutput} from '../source/parse/command-output.js';
import {mapListSchema} from '../source/parse/map.js';
import {programListSchema} from '../source/parse/program.js';

type Figures = {
	readonly programs: number;
	readonly constructMs: number;
	readonly firstAnswerMs: number;
	/** CPU per refresh: run(prog show, map show), averaged over the first simulated seconds. */
	readonly refreshMs: number;
	/** The same over as many seconds after those (the JIT warm). */
	readonly warmRefreshMs: number;
	/** CPU per refresh spent in parseOutput for the two answers. */
	readonly parseMs: number;
	readonly runsPerS: number;
	/** Runs the interpreter executed (the rest are estimated over the run budget); NaN before the budget existed. */
	readonly interpretedPerS: number;
	readonly heapMb: number;
	readonly rssMb: number;
};

const COMMANDS = [['prog', 'show'], ['map', 'show']];
const START_WALL_MS = 1_795_598_726_000;

function flag(name: string, fallback: string): string {
	const at = process.argv.indexOf(name);
	return at === -1 ? fallback : process.argv[at + 1] ?? fallback;
}

const cpuMs = (since: NodeJS.CpuUsage): number => {
	const used = process.cpuUsage(since);
	return (used.user + used.system) / 1000;
};

const gc = (): void => (globalThis as {gc?: () => void}).gc?.();

async function measureOne(programs: number, seconds: number): Promise<Figures> {
	const clock = virtualClock({startWallMs: START_WALL_MS});
	let t = performance.now();
	const backend = createEmulatorBackend({seed: 1, clock, programs});
	const constructMs = performance.now() - t;
	t = performance.now();
	const first = await backend.run(COMMANDS);
	parseOutput(programListSchema, first[0]?.output, 'prog show');
	parseOutput(mapListSchema, first[1]?.output, 'map show');
	const firstAnswerMs = performance.now() - t;

	const runs = () => backend.kernel.programs().reduce((sum, p) => sum + p.stats.runCnt, 0);
	// Older trees had no stats.interpreted: every run was interpreted there.
	const interpreted = () => backend.kernel.programs().reduce((sum, p) => sum + ((p.stats as {interpreted?: number}).interpreted ?? p.stats.runCnt), 0);
	const runsBefore = runs();
	const interpretedBefore = interpreted();
	let refresh = 0;
	let warmRefresh = 0;
	let parse = 0;
	for (let s = 0; s < 2 * seconds; s++) {
		await clock.sleep(1000);
		const start = process.cpuUsage();
		const outputs = await backend.run(COMMANDS);
		if (s < seconds) refresh += cpuMs(start);
		else warmRefresh += cpuMs(start);
		const parseStart = process.cpuUsage();
		const programsParsed = parseOutput(programListSchema, outputs[0]?.output, 'prog show');
		const mapsParsed = parseOutput(mapListSchema, outputs[1]?.output, 'map show');
		if (s < seconds) parse += cpuMs(parseStart);
		if (!programsParsed.ok || !mapsParsed.ok) throw new Error('an answer did not parse');
	}

	const runsPerS = (runs() - runsBefore) / (2 * seconds);
	const interpretedPerS = (interpreted() - interpretedBefore) / (2 * seconds);
	gc();
	const memory = process.memoryUsage();
	return {
		programs,
		constructMs,
		firstAnswerMs,
		refreshMs: refresh / seconds,
		warmRefreshMs: warmRefresh / seconds,
		parseMs: parse / seconds,
		runsPerS,
		interpretedPerS,
		heapMb: memory.heapUsed / 2 ** 20,
		rssMb: memory.rss / 2 ** 20,
	};
}

const median = (values: readonly number[]): number => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function child(programs: number, seconds: number): Figures {
	const script = fileURLToPath(import.meta.url);
	const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, '--one', String(programs), '--seconds', String(seconds)], {encoding: 'utf8'});
	if (result.status !== 0) throw new Error(`programs=${programs}: ${result.stderr}`);
	return JSON.parse(result.stdout) as Figures;
}

async function main(): Promise<void> {
	const seconds = Number(flag('--seconds', '30'));
	const one = process.argv.indexOf('--one');
	if (one !== -1) {
		process.stdout.write(JSON.stringify(await measureOne(Number(process.argv[one + 1]), seconds)));
		return;
	}

	const rounds = Number(flag('--rounds', '3'));
	const sizes = flag('--sizes', '10,100,1000').split(',').map(Number);
	const header = ['programs', 'construct ms', 'first answer ms', 'refresh ms (CPU)', 'warm refresh ms', 'parse ms (CPU)', 'runs/s', 'interpreted/s', 'heap MB', 'rss MB'];
	process.stdout.write(`${header.join(' | ')}\n`);
	for (const programs of sizes) {
		const all: Figures[] = [];
		for (let r = 0; r < rounds; r++) all.push(child(programs, seconds));
		const m = (key: keyof Omit<Figures, 'programs'>) => median(all.map(f => f[key]));
		const row = [
			String(programs),
			m('constructMs').toFixed(1),
			m('firstAnswerMs').toFixed(1),
			m('refreshMs').toFixed(2),
			m('warmRefreshMs').toFixed(2),
			m('parseMs').toFixed(2),
			m('runsPerS').toFixed(0),
			m('interpretedPerS').toFixed(0),
			m('heapMb').toFixed(1),
			m('rssMb').toFixed(1),
		];
		process.stdout.write(`${row.join(' | ')}\n`);
	}
}

await main();
