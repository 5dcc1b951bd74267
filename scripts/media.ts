// `npm run media`: records a demo of the monitor in a pseudo-terminal with a scripted key sequence,
// writes it as an asciicast v2 (media/demo.cast) and renders an animated SVG (media/demo.svg).
// No network, no outside tools. Flags: --backend emulator|bpftool (default emulator, which with
// --seed 1 shows the same figures every run), --seconds N, --out DIR.
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import pty from 'node-pty';
import {castToSvg, type CastEvent, type CastHeader} from './media/cast-to-svg.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const {values} = parseArgs({
	options: {
		backend: {type: 'string', default: 'emulator'},
		seconds: {type: 'string', default: '12'},
		out: {type: 'string', default: join(root, 'media')},
		seed: {type: 'string', default: '1'},
	},
});

const columns = 110;
const rows = 30;
const seconds = Number(values.seconds);

/** The demo, as data: when (seconds after the first frame) to press what. */
const script: ReadonlyArray<readonly [number, string, string]> = [
	[2, 'j', 'move down'],
	[2.6, 'j', 'move down'],
	[3.4, 's', 'sort by the next column'],
	[4.4, 's', 'and the next'],
	[5.4, '?', 'help'],
	[7.4, '?', 'close the help'],
	[8.2, '/', 'filter'],
	[8.6, 'h', ''],
	[8.9, 'e', ''],
	[9.6, '\r', 'keep the filter'],
	[seconds - 0.8, 'q', 'quit'],
];

const args = [join(root, 'dist/cli.js'), '--backend', values.backend, '--interval', '1'];
if (values.backend === 'emulator') args.push('--seed', values.seed);

const env: Record<string, string> = {};
for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !['NO_COLOR', 'FORCE_COLOR', 'CI'].includes(key)) env[key] = value;
const child = pty.spawn(process.execPath, args, {name: 'xterm-256color', cols: columns, rows, env: {...env, TERM: 'xterm-256color', COLORTERM: ''}});

const events: CastEvent[] = [];
const start = performance.now();
let firstFrame: number | undefined;
let scriptStarted = false;
const timers: NodeJS.Timeout[] = [];
child.onData(data => {
	const time = (performance.now() - start) / 1000;
	events.push([Math.round(time * 1e6) / 1e6, 'o', data]);
	if (firstFrame === undefined && /bpftop-ts/.test(data)) firstFrame = time;
	// The key script starts when the data is on screen, so a slow start does not change the demo.
	if (!scriptStarted && /\d+ programs/.test(data)) {
		scriptStarted = true;
		for (const [at, key] of script) timers.push(setTimeout(() => child.write(key), at * 1000));
	}
});

const exit = await new Promise<number>(resolve => {
	child.onExit(({exitCode}) => resolve(exitCode));
	timers.push(setTimeout(() => child.kill(), (seconds + 20) * 1000));
});
for (const timer of timers) clearTimeout(timer);
if (firstFrame === undefined || !scriptStarted || exit !== 0) {
	const tail = events.map(event => event[2]).join('').replaceAll(/\u001B\[[\d;?]*[A-Za-z]/g, ' ').slice(-1500);
	process.stderr.write(`media: the monitor did not run the demo through (exit ${exit}):\n${tail}\n`);
	process.exit(1);
}

// Start the recording at the first frame: the time before it is process start-up.
const shifted: CastEvent[] = events.map(([time, kind, data]) => [Math.max(0, Math.round((time - firstFrame!) * 1e3) / 1e3), kind, data]);
const header: CastHeader = {version: 2, width: columns, height: rows, title: `bpftop-ts (${values.backend})`};
mkdirSync(values.out, {recursive: true});
const cast = [JSON.stringify({...header, env: {TERM: 'xterm-256color'}}), ...shifted.map(event => JSON.stringify(event))].join('\n') + '\n';
writeFileSync(join(values.out, 'demo.cast'), cast);
const svg = await castToSvg(header, shifted);
writeFileSync(join(values.out, 'demo.svg'), svg);
process.stdout.write(`media: ${shifted.length} events, exit ${exit}; wrote ${join(values.out, 'demo.cast')} (${cast.length} B) and ${join(values.out, 'demo.svg')} (${svg.length} B)\n`);
