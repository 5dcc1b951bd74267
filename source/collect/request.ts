// What the views need from the next refresh. The commands follow from it, so one batch answers
// every open view at once.
import type {Command} from '../backends/backend.js';
import {attachmentCommands} from './collect-attachments.js';
import {jitedCommand, xlatedCommand} from './collect-program-dump.js';

export type RefreshRequest = {
	/** Read this map's entries (value table; Backend.readMap, not a command of the batch). */
	readonly mapId?: number;
	/** Read mapId only when it can hold at most this many entries (default in map-dump.ts). */
	readonly mapLimit?: number;
	/** Keep the last read of mapId this time (reads are paced: map-dump.ts). */
	readonly mapKeep?: boolean;
	/** Why mapId is not read this time (too many entries); the snapshot says so instead. */
	readonly mapSkip?: string;
	/** Dump this program's translated instructions (detail view). */
	readonly progId?: number;
	/** With progId: also dump its JIT code. Asked only while shown: Debian's bpftool fails it, and a failure ends the batch early. */
	readonly jited?: boolean;
	/** Ask where programs are attached (net show, link show, cgroup tree, perf show). */
	readonly attachments?: boolean;
	/** The named network namespace whose `net show` to ask (--netns); the current one otherwise. */
	readonly netns?: string;
	/** With several hosts (--host): the host the program and map above are on; the others get the lists only. */
	readonly host?: string;
};

/** The essential questions come first: bpftool's batch stops at the first failure. */
export function commandsFor(request: RefreshRequest): Command[] {
	const commands: Command[] = [
		['prog', 'show'],
		['map', 'show'],
	];
	if (request.progId !== undefined) commands.push(xlatedCommand(request.progId));
	if (request.attachments) commands.push(...attachmentCommands(request).global);
	// Last: it fails wherever bpftool has no disassembler, and the commands after a failure need a second run.
	if (request.progId !== undefined && request.jited) commands.push(jitedCommand(request.progId));
	return commands;
}
