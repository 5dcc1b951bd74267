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
import {castFrameSvg, castToSvg, type CastEvent, type CastHeader} from './media/cast-to-svg.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const {values} = parseArgs({
	options: {
		backend: {type: 'string', default: 'emulator'},
		seconds: {type: 'string', default: '22'},
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
	[seconds - 0.8, 'q', 'quit'],
];

const args = [join(root, 'dist/cli.cjs'), '--backend', values.backend, '--interval', '1'];
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
// The README's stills: the Programs view with live rates, and hello.bss's counter growing.
const scriptStart = (events.find(([, , data]) => /\d+ programs/.test(data))?.[0] ?? firstFrame) - firstFrame;
writeFileSync(join(values.out, 'programs.svg'), await castFrameSvg(header, shifted, scriptStart + 1.9));
writeFileSync(join(values.out, 'map-values.svg'), await castFrameSvg(header, shifted, scriptStart + 12.6));
process.stdout.write(`media: ${shifted.length} events, exit ${exit}; wrote ${join(values.out, 'demo.cast')} (${cast.length} B) and ${join(values.out, 'demo.svg')} (${svg.length} B)\n`);
