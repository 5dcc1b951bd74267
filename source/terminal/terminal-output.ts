// Everything between Ink and the real terminal, set up in one place: the profile (colour, ASCII,
// full screen), chalk's level, the alternate screen, and the sink + frame writer that draw frames.
import process from 'node:process';
import chalk from 'chalk';
import {createFrameWriter} from './frame-writer.js';
import {InkSink} from './ink-sink.js';
import {terminalProfile, type TerminalProfile} from './profile.js';
import {enterScreen, leaveScreen} from './screen.js';

export type TerminalOutput = {
	readonly profile: TerminalProfile;
	/** Give this to Ink as stdout (with debug: true, so it writes whole frames). */
	readonly stdout: NodeJS.WriteStream;
	/** Stops drawing and gives the terminal back. Idempotent. */
	close(): void;
};

export function openTerminalOutput(flags: {readonly noColor: boolean; readonly ascii: boolean}): TerminalOutput {
	const profile = terminalProfile(process.env, flags);
	// The frame writer, not chalk, decides what reaches the terminal (it drops colours for NO_COLOR
	// and everything for TERM=dumb). chalk must still emit bold and inverse: its own detection turns
	// them off for --no-color, FORCE_COLOR=0 or any CI variable, which would hide the selection.
	chalk.level = profile.depth === 'none' ? 0 : profile.color ? Math.max(chalk.level, 1) as 1 | 2 | 3 : 1;
	const writer = createFrameWriter({
		write: data => process.stdout.write(data),
		columns: process.stdout.columns || 80,
		rows: process.stdout.rows || 24,
		depth: profile.depth,
		ascii: profile.ascii,
		mode: profile.fullScreen ? 'diff' : 'append',
	});
	const sink = new InkSink(process.stdout, writer);
	if (profile.fullScreen) enterScreen({stdout: process.stdout, stdin: process.stdin});
	return {
		profile,
		stdout: sink.asStdout(),
		close() {
			sink.close();
			leaveScreen();
		},
	};
}
