// Entry point: flags → options → backend → the interactive monitor or batch output.
import process from 'node:process';
import meow from 'meow';
import type {Backend} from './backends/backend.js';
import {chooseBackend} from './backends/choose-backend.js';
import {findMap} from './collect/find-map.js';
import {runBatchMode} from './batch/batch-mode.js';
import {netnsProblem} from './backends/bpftool/netns.js';
import {programProblem} from './collect/program-exists.js';
import {parseOptions} from './options.js';

// Every flag, once: meow parses them, and any other flag is refused.
const flags = {
	backend: {type: 'string'},
	interval: {type: 'string'},
	once: {type: 'boolean'},
	json: {type: 'boolean'},
	iterations: {type: 'string', shortFlag: 'n'},
	bpftool: {type: 'string'},
	seed: {type: 'string'},
	load: {type: 'string', isMultiple: true},
	loadOnly: {type: 'boolean'},
	kernelVersion: {type: 'string'},
	view: {type: 'string'},
	prog: {type: 'string'},
	netns: {type: 'string'},
	map: {type: 'string'},
	mapLimit: {type: 'string'},
} as const;

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
	  --once                           Print one snapshot (two samples an interval apart) and exit
	  --json                           Machine-readable output (one JSON document per snapshot)
	  -n, --iterations N               Print N snapshots, then exit
	  --bpftool PATH                   The bpftool to run (default: bpftool on PATH)
	  --view NAME                      Start in this view: programs, maps, attachments, trace (with
	                                   --json, trace adds the lines read during the interval)

	  --map ID|NAME                    Open this map's value table (with --json: map_values)
	  --map-limit N                    Dump a map only when it can hold at most N entries
	                                   (default 10000; bpftool cannot stop a dump part way)

	Emulator
	  --seed N                         Seed for the emulator's events (default 1): same seed, same figures
	  --load FILE.bpf.o                Load your own BPF object into the emulator (repeatable)
	  --load-only                      Show only the --load objects, not the default scenario
	  --kernel-version X.Y             The kernel the emulator pretends to be (default 6.8; tags
	                                   are SHA-1 before 6.18, SHA-256 from 6.18)
	  --help, --version

	Keys (interactive): q quit, ? help, ↑↓/jk move, s sort, r reverse, / filter, p pause, +/- speed
`,
	{
		importMeta: import.meta,
		allowUnknownFlags: true,
		flags,
	},
);

const known = new Set([...Object.keys(flags), ...Object.values(flags).flatMap(flag => ('shortFlag' in flag ? [flag.shortFlag] : [])), 'help', 'version', '--']);

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
// A namespace that does not exist is a usage error, found before anything runs.
const netnsError = options.netns === undefined ? undefined : netnsProblem(options.netns);
if (netnsError) {
	process.stderr.write(`bpftop-ts: ${netnsError}\n`);
	process.exit(2);
}

const batch = options.once || options.json || options.iterations !== undefined || !process.stdout.isTTY;

let backend: Backend | undefined;
const cleanups: Array<() => void | Promise<void>> = [];

let exiting: Promise<never> | undefined;

/** Runs once, however many exit paths fire (a closed terminal raises an error per write). */
function shutdown(code: number): Promise<never> {
	exiting ??= (async () => {
		// A cleanup that hangs must not keep the process (and its trace reader) alive.
		setTimeout(() => process.exit(code), 3000);
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
		await backend?.close();
		// process.exit drops what a pipe has not taken yet (a big --json document was cut at 64 KiB).
		await new Promise<void>(resolve => process.stdout.write('', () => resolve()));
		process.exit(code);
	})();
	return exiting;
}

function fail(error: unknown): Promise<never> {
	const message = error instanceof Error ? error.message : String(error);
	if (!exiting) process.stderr.write(`bpftop-ts: ${message}\n`);
	return shutdown(1);
}

// A terminal that went away (SIGHUP, EIO) cannot be told anything: do not turn that into a loop.
process.stderr.on('error', () => {});

process.on('uncaughtException', error => void fail(error));
process.on('unhandledRejection', error => void fail(error));
for (const [signal, number] of [['SIGTERM', 15], ['SIGHUP', 1], ['SIGINT', 2]] as const) {
	process.on(signal, () => void shutdown(128 + number));
}

// A reader that went away (piped into `head`) is a normal end, not an error.
process.stdout.on('error', error => {
	if ((error as NodeJS.ErrnoException).code === 'EPIPE') void shutdown(0);
	else void fail(error);
});

try {
	const chosen = await chooseBackend(options, {batch});
	backend = chosen.backend;
	const {clock} = chosen;
	const progError = options.progId === undefined ? undefined : await programProblem(backend, options.progId);
	if (progError) {
		process.stderr.write(`bpftop-ts: ${progError}\n`);
		await shutdown(1);
	}

	const found = options.map === undefined ? undefined : await findMap(backend, options.map);
	if (found && !found.ok) throw new Error(found.error);
	const mapTarget = found?.ok ? found.map : undefined;
	if (batch) {
		const code = await runBatchMode(backend, clock, {...options, mapTarget}, {
			write: text => process.stdout.write(text),
			warn: text => process.stderr.write(`${text}\n`),
		});
		await shutdown(code);
	} else {
		const {runInteractive} = await import('./interactive.js');
		await runInteractive(backend, clock, {...options, mapTarget}, cleanups);
		await shutdown(0);
	}
} catch (error) {
	await fail(error);
}
