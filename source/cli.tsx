// Entry point: flags → options → backend → the interactive monitor or batch output.
import process from 'node:process';
import meow from 'meow';
import {BackendError, type Backend} from './backends/backend.js';
import {chooseBackend} from './backends/choose-backend.js';
import {runBatchMode} from './batch/batch-mode.js';
import {realClock, virtualClock, type Clock} from './clock/clock.js';
import {parseOptions} from './options.js';

const cli = meow(
	`
	Usage
	  $ bpftop-ts [options]

	A top-like monitor for BPF programs and maps. Runs on the real kernel through bpftool
	(root, or CAP_BPF and CAP_PERFMON), or on a built-in emulator without any BPF access.

	Options
	  --backend auto|bpftool|emulator  Where the data comes from (default auto: bpftool when
	                                   BPF is usable, else the emulator)
	  --interval SECONDS               Refresh interval, decimals allowed (default 1)
	  -b, --batch                      Plain snapshots every interval, like top -b (the default when
	                                   stdout is not a terminal)
	  --once                           Print one snapshot (two samples an interval apart) and exit
	  -n, --iterations N               Print N snapshots, then exit
	  --json                           One JSON document per snapshot, one per line
	  --csv                            A header row, then one row per program per snapshot
	  --no-color                       No colours (also NO_COLOR=1); bold and inverse remain
	  --ascii                          Only ASCII characters (also with TERM=dumb)
	  --bpftool PATH                   The bpftool to run (default: bpftool on PATH)
	  --help, --version

	Keys (interactive): q quit, ? help, ↑↓/jk move, s sort, r reverse, / filter, p pause, +/- speed
`,
	{
		importMeta: import.meta,
		allowUnknownFlags: true,
		flags: {
			backend: {type: 'string'},
			interval: {type: 'string'},
			once: {type: 'boolean'},
			json: {type: 'boolean'},
			csv: {type: 'boolean'},
			batch: {type: 'boolean', shortFlag: 'b'},
			// Without a default meow would make it false, i.e. --no-color.
			color: {type: 'boolean', default: true},
			ascii: {type: 'boolean'},
			iterations: {type: 'string', shortFlag: 'n'},
			bpftool: {type: 'string'},
		},
	},
);

const known = new Set(['backend', 'interval', 'once', 'json', 'iterations', 'n', 'bpftool', 'help', 'version', '--', 'csv', 'batch', 'b', 'color', 'ascii']);

function usageError(message: string): never {
	process.stderr.write(`bpftop-ts: ${message} (see --help)\n`);
	process.exit(2);
}

const unknown = Object.keys(cli.unnormalizedFlags).filter(flag => !known.has(flag));
if (unknown.length > 0) usageError(`unknown option ${unknown.map(flag => (flag.length === 1 ? `-${flag}` : `--${flag}`)).join(', ')}`);
if (cli.input.length > 0) usageError(`unexpected argument "${cli.input[0]}"`);

const parsed = parseOptions(cli.flags);
if (!parsed.ok) usageError(parsed.error);
const options = parsed.options;
// Without a terminal on both sides there is no screen to draw or no keyboard to read: print snapshots.
const batch = options.batch || options.once || options.json || options.csv || options.iterations !== undefined || !process.stdout.isTTY || !process.stdin.isTTY;

let backend: Backend | undefined;
const cleanups: Array<() => void | Promise<void>> = [];

async function shutdown(code: number, message?: string): Promise<never> {
	for (const cleanup of cleanups.splice(0).reverse()) {
		try {
			await cleanup();
		} catch {}
	}

	// After the cleanups: the alternate screen would swallow a message written before them.
	if (message) process.stderr.write(`${message}\n`);
	await backend?.close();
	process.exit(code);
}

function fail(error: unknown): Promise<never> {
	const message = error instanceof BackendError ? error.message : error instanceof Error ? error.message : String(error);
	return shutdown(1, `bpftop-ts: ${message}`);
}

process.on('uncaughtException', error => void fail(error));
process.on('unhandledRejection', error => void fail(error));
for (const [signal, number] of [['SIGTERM', 15], ['SIGHUP', 1], ['SIGINT', 2]] as const) {
	process.on(signal, () => void shutdown(128 + number));
}

// A reader that went away (piped into `head`, a closed terminal) is a normal end, not an error.
process.stdout.on('error', error => {
	const code = (error as NodeJS.ErrnoException).code;
	if (code === 'EPIPE' || code === 'EIO') void shutdown(0);
	else void fail(error);
});

try {
	// Batch runs on the emulator use a virtual clock: --once answers at once and a seed repeats.
	const clock: Clock = batch && options.backend === 'emulator' ? virtualClock() : realClock;
	if (batch) {
		backend = await chooseBackend(options, clock);
		const code = await runBatchMode(backend, clock, options, {
			write: text => process.stdout.write(text),
			warn: text => process.stderr.write(`${text}\n`),
			columns: process.stdout.isTTY ? process.stdout.columns : undefined,
		});
		await shutdown(code);
	} else {
		const {runInteractive} = await import('./interactive.js');
		// The screen comes up at once; the backend (bpftool probes, stats) starts behind it.
		await runInteractive(async () => (backend = await chooseBackend(options, clock)), clock, options, cleanups);
		await shutdown(0);
	}
} catch (error) {
	await fail(error);
}
