// The emulator as a Backend: an in-process kernel plus bpftool. Same commands in, same JSON shapes
// out as the bpftool backend, with no root and no BPF.
import {release} from 'node:os';
import type {Backend, RunScope, Command, CommandOutput, TraceSource} from '../backend.js';
import type {Clock} from '../../clock/clock.js';
import {answer} from './bpftool/answer.js';
import {DEFAULT_RATE, defaultAttachment} from './default-attach.js';
import {EmulatorKernel} from './kernel.js';
import type {BpfObjectSpec} from './object.js';
import {readEmulatedMap} from './read-map.js';
import {loadScenario} from './scenario/index.js';

export type EmulatorBackendOptions = {
	readonly seed: number;
	readonly clock: Clock;
	/** Objects to load (e.g. from --load FILE.bpf.o), attached by section at a modest rate. */
	readonly objects?: readonly BpfObjectSpec[];
	/** Load the default system (the book's hello programs and a small server). Default true. */
	readonly scenario?: boolean;
	/** Grow the scenario to about this many programs (benchmarks). */
	readonly programs?: number;
	/** Decides tag hashing (SHA-256 from 6.18); default '6.8'. Pass hostKernelVersion() to match the host. */
	readonly kernelVersion?: string;
	readonly cpus?: number;
	/** Why the real kernel is not used; shown in the label. */
	readonly reason?: string;
	/** Seconds of activity already behind the first answer (default 3), so --once shows runs. */
	readonly warmUpSeconds?: number;
	/** Interpreted runs per simulated second across all programs (default 1000); the rest are estimated (README: Run budget). */
	readonly runBudget?: number;
	/** Runs interpreted in the warm-up (default a second's run budget); the rest is estimated. */
	readonly warmUpRuns?: number;
};

export type EmulatorBackend = Backend & {readonly kernel: EmulatorKernel};

/** This machine's kernel version ('6.18.44-…' → '6.18'). */
export function hostKernelVersion(): string {
	const match = /^(\d+)\.(\d+)/.exec(release());
	return match === null ? '6.8' : `${match[1]}.${match[2]}`;
}

export function createEmulatorBackend(options: EmulatorBackendOptions): EmulatorBackend {
	const kernel = new EmulatorKernel({
		seed: options.seed,
		clock: options.clock,
		kernelVersion: options.kernelVersion,
		cpus: options.cpus,
		warmUpSeconds: options.warmUpSeconds ?? 3,
		runBudget: options.runBudget,
		warmUpRuns: options.warmUpRuns,
	});
	if (options.scenario ?? true) loadScenario(kernel, {programs: options.programs});
	// Loaded objects share a budget of ~400 events/s (20/s each for up to 20 programs).
	const loadedPrograms = (options.objects ?? []).reduce((sum, o) => sum + o.programs.length, 0);
	const rate = Math.max(2, Math.min(DEFAULT_RATE, 400 / Math.max(1, loadedPrograms)));
	for (const object of options.objects ?? []) {
		const attach = Object.fromEntries(object.programs.flatMap(p => {
			const at = defaultAttachment(p, rate);
			return at === undefined ? [] : [[p.name, at] as const];
		}));
		kernel.loadObject(object, {attach, owner: {pid: 4242, comm: 'bpftop-ts'}});
	}

	let closed = false;
	return {
		name: 'emulator',
		label: options.reason === undefined ? 'emulator' : `emulator: no BPF access (${options.reason})`,
		stats: {on: true, how: 'simulated'},
		kernel,
		async run(commands: readonly Command[], signal?: AbortSignal, scope?: RunScope): Promise<CommandOutput[]> {
			signal?.throwIfAborted();
			return commands.map(command => {
				// The emulated system has one network namespace: say so rather than answer for another.
				if (scope?.netns !== undefined && command[0] === 'net') {
					return {command, output: {error: `the emulator has no network namespace "${scope.netns}" (only its own)`}};
				}

				try {
					return {command, output: closed ? {error: 'backend closed'} : answer(kernel, command)};
				} catch (error) {
					// One bad command must not lose the others.
					return {command, output: {error: error instanceof Error ? error.message : String(error)}};
				}
			});
		},
		async readMap(mapId, options) {
			options.signal?.throwIfAborted();
			if (closed) throw new Error('backend closed');
			return readEmulatedMap(kernel, mapId, options);
		},
		openTrace(): TraceSource {
			let open = true;
			return {
				take() {
					if (!open || closed) return {lines: [], dropped: 0, error: 'trace closed'};
					return kernel.takeTrace();
				},
				async close() {
					open = false;
				},
			};
		},
		async close() {
			closed = true;
		},
	};
}
