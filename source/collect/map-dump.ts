// The value table's map: whether to dump it this refresh, and its dump as the snapshot carries it.
// bpftool has no entry limit (a million-entry array takes ~6 s and ~100 MB of JSON), so a map that can
// hold more entries than the limit is not dumped at all, and the screen says so.
import type {CommandOutput} from '../backends/backend.js';
import type {BpfMap} from '../parse/map.js';
import {parseMapDump, type MapEntry} from '../parse/map-dump.js';
import {mapDumpCommand, type RefreshRequest} from './request.js';
import type {MapDump} from '../snapshot/snapshot.js';

/** At most this many entries per refresh by default (~0.1 s of bpftool on this machine). */
export const defaultMapDumpLimit = 10_000;

const waitingForMaps = 'waiting for the map list';

/** The dump waited for a first map list: the poller should refresh again at once. */
export function awaitsMapList(snapshot: {readonly mapDump?: MapDump}): boolean {
	return snapshot.mapDump?.status === 'skipped' && snapshot.mapDump.reason === waitingForMaps;
}

/**
 * Decides from the last known map list whether the request's map is dumped. Before the first list
 * the size is unknown, so nothing is dumped (one refresh later it is).
 */
export function planMapDump(request: RefreshRequest, maps: readonly BpfMap[] | undefined, limit = request.mapLimit ?? defaultMapDumpLimit): RefreshRequest {
	const {mapId} = request;
	if (mapId === undefined) return request;
	if (maps === undefined) return {...request, mapSkip: waitingForMaps};
	const map = maps.find(candidate => candidate.id === mapId);
	if (!map) return {...request, mapSkip: `no map with id ${mapId}`};
	const capacity = map.max_entries ?? 0;
	if (capacity > limit) {
		return {...request, mapSkip: `can hold ${capacity} entries: not dumped (at most ${limit} entries per refresh; --map-limit raises it)`};
	}

	return request;
}

/** The dump's answer, found by its command (other views append their own commands). */
export function collectMapDump(request: RefreshRequest, outputs: readonly CommandOutput[], problems: string[]): {mapDump?: MapDump} {
	const {mapId} = request;
	if (mapId === undefined) return {};
	if (request.mapSkip !== undefined) return {mapDump: {mapId, status: 'skipped', reason: request.mapSkip}};
	const command = mapDumpCommand(mapId).join(' ');
	const output = outputs.find(candidate => candidate.command.join(' ') === command);
	if (!output) {
		problems.push(`${command}: no answer from bpftool`);
		return {mapDump: {mapId, status: 'error', reason: 'no answer from bpftool'}};
	}

	const parsed = parseMapDump(output.output, command);
	return {mapDump: parsed.ok ? {mapId, status: 'ok', entries: parsed.value} : {mapId, status: 'error', reason: parsed.error}};
}
