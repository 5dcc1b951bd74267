// Bundled by render-paths.test.ts the way the build bundles the CLI, and run once per Ink Output
// (ours, and Ink's own with BPFTOP_INK_OUTPUT=ink): the monitor on the emulator, on a clock that
// moves only when told, with scripted keys, on a pretend 120×40 terminal. Writes what reached the
// terminal, and where each step's screen ends, as JSON to the file named by its argument.
import {writeFileSync} from 'node:fs';
import {Readable, Writable} from 'node:stream';
import chosenOutput from 'bpftop:ink-output';
import type {Clock} from '../../source/clock/clock.js';
import {createEmulatorBackend} from '../../source/backends/emulator/emulator-backend.js';
import {monitorFromOptions} from '../../source/monitor/from-options.js';
import {runInteractive} from '../../source/interactive.js';
import {parseOptions} from '../../source/options.js';
import FastOutput from '../../source/terminal/ink-output.js';

let written = '';
const stdout = Object.assign(
	new Writable({
		decodeStrings: false,
		write(chunk: string | Buffer, _encoding, callback) {
			written += String(chunk);
			callback();
		},
	}),
	{isTTY: true, columns: 120, rows: 40, getColorDepth: () => 8, hasColors: () => true},
);
const stdin = Object.assign(new Readable({read() {}}), {isTTY: true, setRawMode: () => stdin, ref: () => stdin, unref: () => stdin});
for (const [name, stream] of [['stdout', stdout], ['stdin', stdin]] as const) Object.defineProperty(process, name, {value: stream, configurable: true});

/** Virtual time that moves only in advance(): each step's refreshes are the same in every run. */
function manualClock(): Clock & {advance(ms: number): void} {
	const startNs = 1_000_000_000_000n;
	let now = startNs;
	const sleepers = new Set<{until: bigint; wake: () => void}>();
	return {
		nowNs: () => now,
		wallMs: () => 1_795_600_000_000 + Number((now - startNs) / 1_000_000n),
		async sleep(ms, signal) {
			if (signal?.aborted) return;
			await new Promise<void>(resolve => {
				const sleeper = {until: now + BigInt(Math.round(ms * 1e6)), wake: () => resolve()};
				sleepers.add(sleeper);
				signal?.addEventListener('abort', () => sleepers.delete(sleeper) && resolve(), {once: true});
			});
		},
		advance(ms) {
			now += BigInt(Math.round(ms * 1e6));
			for (const sleeper of [...sleepers]) {
				if (sleeper.until > now) continue;
				sleepers.delete(sleeper);
				sleeper.wake();
			}
		},
	};
}

/** Until nothing has been written for a while: the frame after the last key or refresh is in. */
async function settle() {
	let length = -1;
	for (let quiet = 0; quiet < 3; ) {
		await new Promise(resolve => setTimeout(resolve, 60));
		quiet = written.length === length ? quiet + 1 : 0;
		length = written.length;
	}
}

const parsed = parseOptions({backend: 'emulator', interval: '1'});
if (!parsed.ok) throw new Error(parsed.error);
const clock = manualClock();
const backend = createEmulatorBackend({seed: 1, clock, warmUpRuns: 100});
const cleanups: Array<() => void> = [];
const monitor = monitorFromOptions(parsed.options, {backend, clock, batch: false});
cleanups.push(() => void monitor.stop());
const running = runInteractive(async () => ({monitor}), parsed.options, cleanups);
const steps: Array<{name: string; at: number}> = [];
const step = async (name: string, act: () => void) => {
	act();
	await settle();
	steps.push({name, at: written.length});
};

// A function: the bundle is CommonJS, which has no top-level await.
async function main() {
	await settle();
	for (let refresh = 1; refresh <= 3; refresh++) await step(`refresh ${refresh}`, () => clock.advance(1000));
	for (const [name, key] of [
		['down', 'j'],
		['down', 'j'],
		['sort', 's'],
		['detail', '\r'],
		['next section', '\t'],
		['next section', '\t'],
		['back', '\u001B'],
		['maps', '2'],
		['values', '\r'],
		['back', '\u001B'],
		['attachments', '3'],
		['trace', '4'],
		['programs', '1'],
		['help', '?'],
		['help closed', '?'],
		['filter', '/'],
		['filter text', 'h'],
		['filter kept', '\r'],
	] as const) {
		await step(name, () => stdin.push(key));
		// Refreshes between keys, as they come while someone reads the screen.
		if (name === 'sort' || name === 'maps' || name === 'filter kept') await step(`${name}, refreshed`, () => clock.advance(1000));
	}

	stdin.push('q');
	await running;
	for (const cleanup of cleanups.reverse()) cleanup();
	writeFileSync(process.argv[2]!, JSON.stringify({fast: chosenOutput === FastOutput, written, steps}));
	process.exit(0);
}

void main();
