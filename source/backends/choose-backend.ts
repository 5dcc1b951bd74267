// --backend auto|bpftool|emulator (or --replay FILE) → a Backend. `auto` takes the real kernel when
// bpftool runs and BPF is permitted; otherwise it says why and uses the emulator.
import {realClock, virtualClock, type Clock} from '../clock/clock.js';
import type {Options} from '../options.js';
import {BackendError, type Backend} from './backend.js';

export type Chosen = {readonly backend: Backend; readonly clock: Clock};

/**
 * The real kernel runs on real time. The emulator does too on a screen and in open-ended batch
 * output (-b, a pipe: one snapshot per interval, as the kernel would give); a bounded batch run
 * (--once, -n) runs on a virtual clock, so it answers at once and a seed gives the same figures
 * every run (its JSON says `"simulated_time": true`).
 */
export async function chooseBackend(options: Options, mode: {batch: boolean}): Promise<Chosen> {
	// Each backend is loaded when chosen: the other one's modules (child_process, or the
	// emulator's VM and scenario) would only lengthen the start.
	const real = async (): Promise<Chosen> => {
		const {createBpftoolBackend} = await import('./bpftool/bpftool-backend.js');
		return {backend: await createBpftoolBackend(options), clock: realClock};
	};
	const emulated = async (reason?: string): Promise<Chosen> => {
		const bounded = mode.batch && (options.once || options.iterations !== undefined);
		const clock = bounded ? virtualClock() : realClock;
		// On a screen the warm-up is mostly estimated: the first frame must not wait for a second's
		// worth of interpreted runs (~50 ms). Batch output keeps them: --once prints that history.
		return {backend: await emulator(options, clock, reason, mode.batch ? undefined : 100), clock};
	};

	if (options.replay !== undefined) return replay(options.replay, mode.batch);
	if (options.backend === 'emulator') return emulated();
	if (options.backend === 'bpftool') return real();
	// --load is for the emulator: a learner's object runs there even where BPF is available.
	if (options.load.length > 0) return emulated();
	try {
		return await real();
	} catch (error) {
		if (error instanceof BackendError && ['missing', 'permission', 'unsupported'].includes(error.kind)) {
			return emulated(error.message);
		}

		throw error;
	}
}

async function emulator(options: Options, clock: Clock, reason?: string, warmUpRuns?: number): Promise<Backend> {
	const {createEmulatorBackend} = await import('./emulator/emulator-backend.js');
	const objects = options.load.length === 0 ? [] : await readObjects(options.load);
	const programs = Number(process.env['BPFTOP_EMULATOR_PROGRAMS'] ?? '');
	return createEmulatorBackend({
		seed: options.seed,
		clock,
		kernelVersion: options.kernelVersion,
		objects,
		scenario: !options.loadOnly,
		programs: Number.isInteger(programs) && programs > 0 ? programs : undefined,
		reason,
		warmUpRuns,
	});
}

/** All objects are read and checked before anything is loaded: a bad one loads nothing. The ELF and BTF readers load only for --load. */
async function readObjects(paths: readonly string[]) {
	const {loadObjectFile} = await import('./emulator/load-object.js');
	return Promise.all(paths.map(async path => loadObjectFile(path)));
}

/** Batch output of a replay plays it as fast as it can; a screen plays it at the recorded pace. */
async function replay(path: string, batch: boolean): Promise<Chosen> {
	const {readRecording} = await import('../recording/read-recording.js');
	const {createReplay} = await import('./replay/replay-backend.js');
	return createReplay(await readRecording(path), {fast: batch});
}
