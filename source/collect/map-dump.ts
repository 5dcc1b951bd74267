// The value table's map: whether to read it this refresh, and its entries as the snapshot carries
// them. The backend reads them (bpf(2) in chunks, or the emulator's maps) after the refresh's batch;
// a map that can hold more entries than --map-limit is not read at all, and the screen says so.
import type {Backend} from '../backends/backend.js';
import type {Clock} from '../clock/clock.js';
import type {BpfMap} from '../parse/map.js';
import type {RefreshRequest} from './request.js';
import type {MapDump, MapReadProgress} from '../snapshot/snapshot.js';

/**
 * Entries a map may hold to be read by default: a million, read in ~0.3 s of chunks through bpf(2)
 * with the keys answered meanwhile (bench/results.md, "Big maps"). --map-limit is the safety valve.
 */
export const defaultMapDumpLimit = 1_000_000;

const waitingForMaps = 'waiting for the map list';

/** The read waited for a first map list: the poller should refresh again at once. */
export function awaitsMapList(snapshot: {readonly mapDump?: MapDump}): boolean {
	return snapshot.mapDump?.status === 'skipped' && snapshot.mapDump.reason === waitingForMaps;
}

/**
 * Decides from the last known map list whether the request's map is read. Before the first list
 * the size is unknown, so nothing is read (one refresh later it is).
 */
export function planMapDump(request: RefreshRequest, maps: readonly BpfMap[] | undefined, limit = request.mapLimit ?? defaultMapDumpLimit): RefreshRequest {
	const {mapId} = request;
	if (mapId === undefined) return request;
	if (maps === undefined) return {...request, mapSkip: waitingForMaps};
	const map = maps.find(candidate => candidate.id === mapId);
	if (!map) return {...request, mapSkip: `no map with id ${mapId}`};
	const capacity = map.max_entries ?? 0;
	if (capacity > limit) {
		return {...request, mapSkip: `can hold ${capacity} entries: not read (at most ${limit} entries per refresh; --map-limit raises it)`};
	}

	return request;
}

/**
 * Share of one CPU the value table's reads may take on average. A million-entry array costs the
 * kernel ~0.3 s to copy out: read every refresh at 1 s, that alone would be 30% of a CPU, so it is
 * read every other or third refresh instead, and its rates span that time.
 */
export const mapReadShare = 0.15;

/** Every how many refreshes a map whose read cost `readCpuMs` is read. */
export function readEvery(readCpuMs: number, intervalMs: number): number {
	return Math.max(1, Math.ceil(readCpuMs / (mapReadShare * intervalMs)));
}

/** What the last reads cost, to pace the next: MapValues has it. */
export type ReadPace = {
	readonly values?: {readonly mapId: number; readonly readCpuMs: number; readonly keptFor: number; readonly intervalSec: number};
	readonly intervalMs: number;
};

/** Keeps the last read while the map is due for none (never before two reads have given rates). */
export function paceMapDump(request: RefreshRequest, pace: ReadPace | undefined): RefreshRequest {
	const values = pace?.values;
	if (request.mapId === undefined || request.mapSkip !== undefined || !values || values.mapId !== request.mapId || values.intervalSec <= 0) return request;
	return values.keptFor + 1 < readEvery(values.readCpuMs, pace.intervalMs) ? {...request, mapKeep: true} : request;
}

export type MapDumpHooks = {
	/** Called between chunks of a long read, for the view's progress line. */
	readonly onProgress?: (progress: MapReadProgress) => void;
	/** About how many entries the last read found. */
	readonly expected?: number;
};

/** Reads the request's map; a failure is an error for the value table, not for the refresh. */
export async function readMapDump(backend: Backend, request: RefreshRequest, clock: Clock, signal?: AbortSignal, hooks: MapDumpHooks = {}): Promise<{mapDump?: MapDump}> {
	const {mapId} = request;
	if (mapId === undefined) return {};
	if (request.mapSkip !== undefined) return {mapDump: {mapId, status: 'skipped', reason: request.mapSkip}};
	if (request.mapKeep) return {mapDump: {mapId, status: 'kept'}};
	const started = clock.nowNs();
	const cpu = process.cpuUsage();
	try {
		const contents = await backend.readMap(mapId, {
			limit: request.mapLimit ?? defaultMapDumpLimit,
			...(signal ? {signal} : {}),
			...(hooks.onProgress ? {onProgress: hooks.onProgress} : {}),
			...(hooks.expected === undefined ? {} : {expected: hooks.expected}),
		});
		if (!contents) return {mapDump: {mapId, status: 'kept'}};
		// A long read spans time: its entries stand for the middle of it.
		const timeNs = (started + clock.nowNs()) / 2n;
		const used = process.cpuUsage(cpu);
		return {mapDump: {mapId, status: 'ok', contents, timeNs, cpuMs: (used.user + used.system) / 1000}};
	} catch (error) {
		signal?.throwIfAborted();
		return {mapDump: {mapId, status: 'error', reason: error instanceof Error ? error.message : String(error)}};
	}
}
