// The monitors the bench runs, each the way a user would in a terminal.
import {fileURLToPath} from 'node:url';
import type {Subject} from './pty-run.js';

/** Run as the installed bin is: the file itself, which starts node with its flags. */
export const cliPath = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url));

/** htop -d takes tenths of a second. */
export function htopSubject(intervalS: number): Subject {
	return {command: 'htop', args: ['-d', String(Math.round(intervalS * 10))], fullFrame: /F10/, intervalS, quitKeys: 'q'};
}

/** The header shows "N programs, M maps" from the first refresh with data on. */
const dataFrame = /\d+ programs, \d+ maps/;

export function bpftoolSubject(intervalS: number): Subject {
	return {command: cliPath, args: ['--backend', 'bpftool', '--interval', String(intervalS)], fullFrame: dataFrame, intervalS, quitKeys: 'q'};
}

/** The emulator with N programs: seeded, so every run simulates the same machine. */
export function emulatorSubject(intervalS: number, programs: number): Subject {
	return {
		command: cliPath,
		args: ['--backend', 'emulator', '--seed', '1', '--interval', String(intervalS)],
		env: {BPFTOP_EMULATOR_PROGRAMS: String(programs)},
		fullFrame: dataFrame,
		intervalS,
		quitKeys: 'q',
	};
}
