// Entry point: flags → options → backend → the interactive monitor or batch output, and every
// exit path (q, signals, errors, a closed pipe) through one shutdown.
import process from 'node:process';
import meow from 'meow';
import type {Backend} from './backends/backend.js';
import {netnsProblem} from './backends/bpftool/netns.js';
import {chooseBackend, type Chosen} from './backends/choose-backend.js';
import {runBatchMode} from './batch/batch-mode.js';
import {writeStdoutSync} from './batch/write-bytes.js';
import {findMap} from './collect/find-map.js';
import {programProblem} from './collect/program-exists.js';
import {monitorFromOptions} from './monitor/from-options.js';
import type {Monitor} from './monitor/monitor.js';
import {parseOptions, printsSnapshots, type Options} from './options.js';
import {terminalProfile} from './terminal/profile.js';
// In the bundle: meow need not look for package.json on disk (a single executable has none).
import packageJson from '../package.json' with {type: 'json'};

// Every flag, once: meow parses them, and any other flag is refused.
const flags = {
	backend: {type: 'string'},
	interval: {type: 'string'},
	once: {type: 'boolean'},
	iterations: {type: 'string', shortFlag: 'n'},
	batch: {type: 'boolean', shortFlag: 'b'},
	json: {type: 'boolean'},
	csv: {type: 'boolean'},
	// Without a default meow would make it false, i.e. --no-color.
	color: {type: 'boolean', default: true},
	ascii: {type: 'boolean'},
	bpftool: {type: 'string'},
	view: {type: 'string'},
	prog: {type: 'string'},
	map: {type: 'string'},
	mapLimit: {type: 'string'},
	netns: {type: 'string'},
	seed: {type: 'string'},
	load: {type: 'string', isMultiple: true},
	loadOnly: {type: 'boolean'},
	kernelVersion: {type: 'string'},
	record: {type: 'string'},
	recordLimit: {type: 'string'},
	replay: {type: 'string'},
	host: {type: 'string', isMultiple: true},
	sshConfig: {type: 'string'},
	listen: {type: 'string'},
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
	  --view NAME                      Start in this view: programs, maps, attachments, trace (with
	                                   --json, trace adds the lines read during the interval)
	  --prog ID                        Open this program in detail (summary, instructions, maps)
	  --map ID|NAME                    Open this map's value table (with --json: map_values)
	  --map-limit N                    Read a map only when it can hold at most N entries
	                                   (default 1000000)
	  --netns NAME                     Attachments of this named network namespace (ip netns list)
	  --bpftool PATH                   The bpftool to run (default: bpftool on PATH)

	Record and replay
	  --record FILE                    Write what the backend answers to FILE (gzip JSON lines) to
	                                   replay later; works with every backend, interactive or batch
	  --record-limit SIZE              Stop recording before FILE passes SIZE (default 100MB)
	  --replay FILE                    Replay a recording: every view as it was live (keys: p play,
	                                   ←/→ step, [ ] start/end, +/- speed); with --once, --json,
	                                   --csv or -b, print all of it as batch output

	Many hosts and Prometheus
	  --host [USER@]HOST[:PORT]        Watch this host over ssh (repeatable; ~/.ssh/config, agents
	                                   and ProxyJump apply; sudo -n when not root); --host local
	                                   adds this machine. One view with a HOST column
	  --ssh-config FILE                The ssh client configuration to use for --host (ssh -F)
	  --listen HOST:PORT               Serve Prometheus metrics at http://HOST:PORT/metrics
	                                   (PORT alone: 127.0.0.1); without a terminal or with -b it
	                                   runs headless (snapshots only with --json, --csv or -n)

	Output
	  -b, --batch                      Plain snapshots every interval, like top -b (the default when
	                                   stdout is not a terminal)
	  --once                           Print one snapshot (two samples an interval apart) and exit
	  -n, --iterations N               Print N snapshots, then exit
	  --json                           One JSON document per snapshot, one per line
	  --csv                            A header row, then one row per program per snapshot
	  --no-color                       No colours (also NO_COLOR=1); bold and inverse remain
	  --ascii                          Only ASCII characters (also with TERM=dumb)

	Emulator
	  --seed N                         Seed for the emulator's events (default 1): same seed, same figures
	  --load FILE.bpf.o                Load your own BPF object into the emulator (repeatable)
	  --load-only                      Show only the --load objects, not the default scenario
	  --kernel-version X.Y             The kernel the emulator pretends to be (default 6.8; tags
	                                   are SHA-1 before 6.18, SHA-256 from 6.18)

	  --help, --version

	Keys (interactive): q quit, ? help, ↑↓/jk move, Enter open, Esc back, Tab section, s sort,
	r reverse, / filter, p pause, +/- speed, 1-4 views

	Examples
	  $ sudo bpftop-ts                       the kernel's BPF programs, live
	  $ bpftop-ts --backend emulator         no root, no BPF: the built-in emulator
	  $ bpftop-ts --load hello.bpf.o         your own object, run in the emulator
	  $ sudo bpftop-ts --map hello.bss       a map's values as they grow
	  $ sudo bpftop-ts --once --json         one JSON snapshot (jq-friendly)
	  $ sudo bpftop-ts -b -n 10 > bpf.log    ten plain snapshots, one a second
	  $ sudo bpftop-ts --record day.gz       record now, --replay day.gz later
`,
	// meow wants import.meta, which the CommonJS bundle has not; pkg spares it finding package.json.
	// The help text says what the tool is: package.json's description is not printed above it again.
	{importMeta: {url: import.meta.url} as ImportMeta, pkg: packageJson, allowUnknownFlags: true, description: false, flags},
);

const kebab = (name: string) => name.replace(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
const known = new Set([
	...Object.keys(flags).flatMap(name => [name, kebab(name)]),
	...Object.values(flags).flatMap(flag => ('shortFlag' in flag ? [flag.shortFlag] : [])),
	'help',
	'version',
	'--',
]);

function usageError(message: string): never {
	process.stderr.write(`bpftop-ts: ${message} (see --help)\n`);
	process.exit(2);
}

const unknown = Object.keys(cli.unnormalizedFlags).filter(flag => !known.has(flag));
if (unknown.length > 0) usageError(`unknown option ${unknown.map(flag => (flag.length === 1 ? `-${flag}` : `--${flag}`)).join(', ')}`);
if (cli.input.length > 0) usageError(`unexpected argument "${cli.input[0]}"`);

const parsed = parseOptions(cli.flags);
if (!parsed.ok) usageError(parsed.error);
const options: Options = parsed.options;
// A namespace that does not exist is a usage error, found before anything runs.
const netnsError = options.netns === undefined ? undefined : netnsProblem(options.netns);
if (netnsError) {
	process.stderr.write(`bpftop-ts: ${netnsError}\n`);
	process.exit(2);
}

// Without a terminal on both sides there is no screen to draw or no keyboard to read: print
// snapshots. A terminal that cannot place the cursor (TERM=dumb) gets them too: redrawn frames would
// only scroll the header away.
const dumb = !terminalProfile(process.env, {}).fullScreen;
const batch = options.batch || options.once || options.json || options.csv || options.iterations !== undefined || !process.stdout.isTTY || !process.stdin.isTTY || dumb;

let backend: Backend | undefined;
const cleanups: Array<() => void | Promise<void>> = [];
let exiting: Promise<never> | undefined;

/** Runs once, however many exit paths fire (a closed terminal raises an error per write). */
function shutdown(code: number, message?: string): Promise<never> {
	exiting ??= (async () => {
		// A cleanup that hangs must not keep the process (and its trace reader) alive.
		setTimeout(() => process.exit(code), 3000).unref();
		for (const cleanup of cleanups.splice(0).reverse()) {
			try {
				await cleanup();
			} catch {}
		}

		// After the cleanups: the alternate screen would swallow a message written before them.
		if (message) process.stderr.write(`${message}\n`);
		await backend?.close();
		// process.exit drops what a pipe has not taken yet (a big --json document was cut at 64 KiB).
		await new Promise<void>(resolve => process.stdout.write('', () => resolve()));
		process.exit(code);
	})();
	return exiting;
}

function fail(error: unknown): Promise<never> {
	return shutdown(1, `bpftop-ts: ${error instanceof Error ? error.message : String(error)}`);
}

// A terminal that went away (SIGHUP, EIO) cannot be told anything: do not turn that into a loop.
process.stderr.on('error', () => {});
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

/** Batch output: text through process.stdout, bytes (a big map's entries) straight to fd 1. */
function writeOut(chunk: string | Uint8Array): void {
	if (exiting) return;
	if (typeof chunk === 'string') {
		process.stdout.write(chunk);
		return;
	}

	try {
		writeStdoutSync(chunk);
	} catch (error) {
		// As process.stdout's own error handler: a reader that went away is a normal end.
		const code = (error as NodeJS.ErrnoException).code;
		void (code === 'EPIPE' || code === 'EIO' ? shutdown(0) : fail(error));
	}
}

/** Starts the backend and checks what --prog and --map name; throws one clear message if not there. */
async function start() {
	const mode = {batch};
	const chosen: Chosen & {host?: string; fleet?: Monitor} =
		options.hosts.length > 0 ? await (await import('./fleet/from-options.js')).chooseHosts(options, mode) : await chooseBackend(options, mode);
	backend = chosen.backend;
	const progError = options.progId === undefined ? undefined : await programProblem(backend, options.progId);
	if (progError) throw new Error(progError);
	const found = options.map === undefined ? undefined : await findMap(backend, options.map);
	if (found && !found.ok) throw new Error(found.error);
	const mapTarget = found?.ok ? found.map : undefined;
	const monitor = chosen.fleet ?? monitorFromOptions(options, {backend, clock: chosen.clock, mapTarget, batch, version: packageJson.version, host: chosen.host});
	cleanups.push(async () => {
		await monitor.stop();
		await monitor.recorder?.close();
	});
	if (options.listen) {
		const {serveMetrics} = await import('./metrics/server.js');
		const server = await serveMetrics(monitor, options.listen, {withHost: options.hosts.length > 0});
		cleanups.push(async () => server.close());
		if (batch) process.stderr.write(`bpftop-ts: serving metrics at ${server.url}\n`);
	}

	return {monitor, mapTarget};
}

// A function, not top-level await: the bundle is CommonJS so that V8 can keep a code cache of it
// (scripts/build.mjs).
async function main() {
	if (batch) {
		const {monitor} = await start();
		const io = {
			write: writeOut,
			warn: (text: string) => process.stderr.write(`${text}\n`),
			// A pseudo-terminal may report 0 columns (script(1) without a size): then 120.
			columns: process.stdout.isTTY && process.stdout.columns > 0 ? process.stdout.columns : undefined,
		};
		// --listen without an output asked for: headless, serving /metrics until stopped.
		const code = options.listen && !printsSnapshots(options) ? await (await import('./metrics/headless.js')).runHeadless(monitor, io) : await runBatchMode(monitor, options, io);
		await shutdown(code);
	} else {
		const {runInteractive} = await import('./interactive.js');
		// The screen comes up at once; the backend (bpftool probes, stats) starts behind it.
		await runInteractive(start, options, cleanups);
		await shutdown(0);
	}
}

main().catch(fail);
