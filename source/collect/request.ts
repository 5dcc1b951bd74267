// What the views need from the next refresh. The commands follow from it, so one batch answers
// every open view at once.
import type {Command} from '../backends/backend.js';

export type RefreshRequest = {
	/** Dump this map's entries (value table). */
	readonly mapId?: number;
	/** Dump mapId only when it can hold at most this many entries (default in map-dump.ts). */
	readonly mapLimit?: number;
	/** Why mapId is not dumped this time (too many entries); the snapshot says so instead. */
	readonly mapSkip?: string;
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
	// By id: `map dump name X` changes shape when several maps share a name.
	if (request.mapId !== undefined && request.mapSkip === undefined) commands.push(mapDumpCommand(request.mapId));
	return commands;
}

export function mapDumpCommand(mapId: number): Command {
	return ['map', 'dump', 'id', String(mapId)];
}
