// What the views need from the next refresh. The commands follow from it, so one batch answers
// every open view at once.
import type {Command} from '../backends/backend.js';

export type RefreshRequest = {
	/** Dump this map's entries (value table). */
	readonly mapId?: number;
	/** Dump this program's translated instructions (detail view). */
	readonly progId?: number;
	/** Ask where programs are attached (net show, link show). */
	readonly attachments?: boolean;
};

/** The essential questions come first: bpftool's batch stops at the first failure. */
export function commandsFor(request: RefreshRequest): Command[] {
	const commands: Command[] = [
		['prog', 'show'],
		['map', 'show'],
	];
	return commands;
}
