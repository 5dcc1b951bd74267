// The full-screen terminal state: alternate screen and hidden cursor while we run, given back on
// every way out. enter() and leave() are idempotent; leave() also runs on process 'exit', so a
// path that forgets it (an uncaught error, process.exit from a library) still restores the terminal.
import process from 'node:process';

const enterSequence = '\u001B[?1049h\u001B[?25l';
// Reset attributes, show the cursor, leave the alternate screen (which restores what was there).
const leaveSequence = '\u001B[m\u001B[?25h\u001B[?1049l';

type Terminal = {
	readonly stdout: {write(data: string): unknown; fd?: number};
	readonly stdin?: {isTTY?: boolean; setRawMode?: (mode: boolean) => unknown};
};

let active: Terminal | undefined;
let exitHookInstalled = false;

export function enterScreen(terminal: Terminal = {stdout: process.stdout, stdin: process.stdin}): void {
	if (active) return;
	active = terminal;
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		process.on('exit', leaveScreen);
	}

	terminal.stdout.write(enterSequence);
}

export function leaveScreen(): void {
	const terminal = active;
	if (!terminal) return;
	active = undefined;
	try {
		if (terminal.stdin?.isTTY) terminal.stdin.setRawMode?.(false);
	} catch {}

	try {
		// Writes to a terminal are synchronous on Linux, so this lands even from the 'exit' event.
		terminal.stdout.write(leaveSequence);
	} catch {}
}

export function screenActive(): boolean {
	return active !== undefined;
}
