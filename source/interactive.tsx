// Starts the Ink app on the full screen and ties its life to the process's exit paths.
import {render} from 'ink';
import type {ReactNode} from 'react';
import type {Monitor} from './monitor/monitor.js';
import type {Options} from './options.js';
import type {BpfMap} from './parse/map.js';
import {App} from './app.js';
import {FullScreen} from './components/FullScreen.js';
import {Starting} from './components/Starting.js';
import {openTerminalOutput} from './terminal/terminal-output.js';
import {startState} from './ui/start-state.js';

export type Started = {readonly monitor: Monitor; readonly mapTarget?: BpfMap};

export async function runInteractive(start: () => Promise<Started>, options: Options, cleanups: Array<() => void>): Promise<void> {
	const terminal = openTerminalOutput(options);
	// Runs last (cleanups run in reverse): the screen is given back after Ink has let go of it.
	cleanups.push(() => terminal.close());
	const screen = (child: ReactNode) => (
		<FullScreen color={terminal.profile.color} ascii={terminal.profile.ascii}>
			{child}
		</FullScreen>
	);
	const instance = render(screen(<Starting />), {
		stdout: terminal.stdout,
		// Debug mode makes Ink write each frame whole and unthrottled; the frame writer draws the difference.
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	// Signals and fatal errors unmount the app first, so Ink restores the keyboard.
	cleanups.push(() => instance.unmount());
	const {monitor, mapTarget} = await start();
	instance.rerender(screen(<App monitor={monitor} start={startState(options, mapTarget)} />));
	await instance.waitUntilExit();
}
