// --backend auto|bpftool|emulator → a Backend. `auto` takes the real kernel when bpftool runs and
// BPF is permitted; otherwise it says why and uses the emulator.
import type {Clock} from '../clock/clock.js';
import type {Options} from '../options.js';
import {BackendError, type Backend} from './backend.js';
import {createBpftoolBackend} from './bpftool/bpftool-backend.js';

export async function chooseBackend(options: Options, _clock: Clock): Promise<Backend> {
	if (options.backend === 'emulator') return emulator('chosen with --backend emulator');
	if (options.backend === 'bpftool') return createBpftoolBackend(options);
	try {
		return await createBpftoolBackend(options);
	} catch (error) {
		if (error instanceof BackendError && ['missing', 'permission', 'unsupported'].includes(error.kind)) {
			return emulator(error.message);
		}

		throw error;
	}
}

async function emulator(reason: string): Promise<Backend> {
	throw new BackendError(`no BPF access (${reason}), and the emulator is not built yet`, 'unsupported');
}
