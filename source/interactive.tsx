// Starts the Ink app and ties its life to the process's exit paths.
import {render} from 'ink';
import type {Backend} from './backends/backend.js';
import type {Clock} from './clock/clock.js';
import type {BatchOptions} from './batch/batch-mode.js';
import {startState} from './ui/start-state.js';
import {App} from './app.js';

export async function runInteractive(backend: Backend, clock: Clock, options: BatchOptions, cleanups: Array<() => void>): Promise<void> {
	const instance = render(<App backend={backend} clock={clock} intervalMs={options.intervalMs} start={startState(options, options.mapTarget)} />, {
		exitOnCtrlC: false,
		patchConsole: false,
	});
	// Signals and fatal errors unmount the app first, so Ink restores the terminal.
	cleanups.push(() => instance.unmount());
	await instance.waitUntilExit();
}
