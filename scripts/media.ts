// `npm run media`: runs the monitor in a pseudo-terminal with a scripted key sequence, writes it as
// an asciicast v2 (media/demo.cast), an animated SVG (media/demo.svg) and the README's two stills.
// No network, no outside tools.
//
// The README's demo is a replay of a real-kernel session: `media/real-session.bpftop.gz`, recorded
// with `-- --real` (root: starts opensnoop and two bpftrace one-liners, records the monitor on the
// real kernel as it goes through every view, stops them), and replayed by a plain `npm run media`
// (no root needed). `-- --backend emulator` makes the demo on the emulator instead (--seed 1 shows
// the same figures every run). Other flags: --seconds N, --out DIR.
import {existsSync, mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import pty from 'node-pty';
import {castFrameSvg, castToSvg, type CastEvent, type CastHeader} from './media/cast-to-svg.js';
import {realToolsMissing, startRealTools} from './media/real-tools.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const {values} = parseArgs({
	options: {
		backend: {type: 'string'},
		real: {type: 'boolean', default: false},
		seconds: {type: 'string', default: '28'},
		out: {type: 'string', default: join(root, 'media')},
		seed: {type: 'string', default: '1'},
	},
});

const columns = 110;
const rows = 30;
const seconds = Number(values.seconds);
const recording = join(root, 'media', 'real-session.bpftop.gz');

type Step = readonly [at: number, keys: string, what: string];

/** The emulator's demo, as data: when (seconds after the first frame) to press what. */
const emulatorScript: readonly Step[] = [
	[2, 'j', 'move down'],
	[2.8, 's', 'sort by the next column'],
	[3.8, '\r', 'open the program: summary'],
	[5.6, '\t', 'translated instructions with source lines'],
	[7.6, '\u001b', 'back'],
	[8.4, '2', 'maps'],
	[9.2, 'G', 'last rows'],
	[9.6, 'k', ''],
	[10, 'k', 'hello.bss'],
	[10.6, '\r', 'its value table: the counter growing'],
	[13, '\u001b', 'back'],
	[13.6, '3', 'attachments'],
	[15.2, '4', 'the trace log'],
	[17.6, '1', 'programs'],
	[18.2, '?', 'help'],
	[19.8, '?', 'close the help'],
];

/** The real session: opensnoop's and bpftrace's programs, their maps, where they attach, the trace. */
const realScript: readonly Step[] = [
	[2.5, '/opensnoop\r', 'the programs opensnoop holds'],
	[3.5, '\r', 'one in detail: held by opensnoop through a link'],
	[5.5, '\t', 'its translated instructions'],
	[7.5, '\u001b', 'back'],
	[8, '2', 'maps'],
	[8.6, '/@bytes\r', "bpftrace's read-size histogram"],
	[9.4, '\r', 'drawn as a histogram, growing'],
	[13, '\u001b', 'back'],
	[13.4, '/@opens\r', "bpftrace's opens by command"],
	[14, '\r', 'keyed by command name, highest rate first'],
	[17, '\u001b', 'back'],
	[17.5, '3', 'attachments: who holds each'],
	[20, '4', 'the trace log'],
	[23, '1', 'programs'],
	[24, '?', 'help'],
	[25.5, '?', 'close the help'],
];

/** Runs the CLI with `args` in a pseudo-terminal through `script`; the events from its first frame on. */
async function play(args: readonly string[], script: readonly Step[]): Promise<{events: CastEvent[]; scriptStart: number}> {
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !['NO_COLOR', 'FORCE_COLOR', 'CI'].includes(key)) env[key] = value;
	const child = pty.spawn(process.execPath, [join(root, 'dist/cli.cjs'), ...args], {name: 'xterm-256color', cols: columns, rows, env: {...env, TERM: 'xterm-256color', COLORTERM: ''}});
	const events: CastEvent[] = [];
	const start = performance.now();
	let firstFrame: number | undefined;
	let scriptAt: number | undefined;
	const timers: NodeJS.Timeout[] = [];
	child.onData(data => {
		const time = (performance.now() - start) / 1000;
		events.push([Math.round(time * 1e6) / 1e6, 'o', data]);
		if (firstFrame === undefined && /bpftop-ts/.test(data)) firstFrame = time;
		// The key script starts when the data is on screen, so a slow start does not change the demo.
		if (scriptAt === undefined && /\d+ programs/.test(data)) {
			scriptAt = time;
			for (const [at, keys] of [...script, [seconds - 0.8, 'q', 'quit'] as const]) timers.push(setTimeout(() => child.write(keys), at * 1000));
		}
	});
	const exit = await new Promise<number>(resolve => {
		child.onExit(({exitCode}) => resolve(exitCode));
		timers.push(setTimeout(() => child.kill(), (seconds + 20) * 1000));
	});
	for (const timer of timers) clearTimeout(timer);
	if (firstFrame === undefined || scriptAt === undefined || exit !== 0) {
		const tail = events.map(event => event[2]).join('').replaceAll(/\u001B\[[\d;?]*[A-Za-z]/g, ' ').slice(-1500);
		throw new Error(`the monitor did not run the demo through (exit ${exit}):\n${tail}`);
	}

	// Start the recording at the first frame: the time before it is process start-up.
	const shifted = events.map(([time, kind, data]): CastEvent => [Math.max(0, Math.round((time - firstFrame!) * 1e3) / 1e3), kind, data]);
	return {events: shifted, scriptStart: scriptAt - firstFrame};
}

async function write(title: string, {events, scriptStart}: {events: CastEvent[]; scriptStart: number}, stills: {programs: number; mapValues: number}) {
	const header: CastHeader = {version: 2, width: columns, height: rows, title};
	mkdirSync(values.out, {recursive: true});
	const cast = [JSON.stringify({...header, env: {TERM: 'xterm-256color'}}), ...events.map(event => JSON.stringify(event))].join('\n') + '\n';
	writeFileSync(join(values.out, 'demo.cast'), cast);
	const svg = await castToSvg(header, events);
	writeFileSync(join(values.out, 'demo.svg'), svg);
	writeFileSync(join(values.out, 'programs.svg'), await castFrameSvg(header, events, scriptStart + stills.programs));
	writeFileSync(join(values.out, 'map-values.svg'), await castFrameSvg(header, events, scriptStart + stills.mapValues));
	process.stdout.write(`media: ${events.length} events; wrote ${join(values.out, 'demo.cast')} (${cast.length} B) and ${join(values.out, 'demo.svg')} (${svg.length} B)\n`);
}

try {
	if (values.backend !== undefined) {
		const args = ['--backend', values.backend, '--interval', '1', ...(values.backend === 'emulator' ? ['--seed', values.seed] : [])];
		// The stills: the Programs view with live rates, and hello.bss's counter growing.
		await write(`bpftop-ts (${values.backend})`, await play(args, emulatorScript), {programs: 1.9, mapValues: 12.6});
	} else {
		if (values.real) {
			const missing = realToolsMissing();
			if (missing) throw new Error(`--real records on the real kernel with real tools: ${missing}`);
			const tools = await startRealTools();
			try {
				await play(['--backend', 'bpftool', '--interval', '1', '--record', recording], realScript);
			} finally {
				tools.stop();
			}

			process.stdout.write(`media: recorded ${recording}\n`);
		}

		if (!existsSync(recording)) throw new Error(`no ${recording}: record it with npm run media -- --real (root), or use --backend emulator`);
		// The stills: the programs (PROCESS column), and bpftrace's histogram of read sizes.
		await write('bpftop-ts: a replay of a real-kernel session', await play(['--replay', recording], realScript), {programs: 2.2, mapValues: 12.5});
	}
} catch (error) {
	process.stderr.write(`media: ${(error as Error).message}\n`);
	process.exit(1);
}
