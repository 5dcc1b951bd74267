// The model: what the views show, derived from the latest snapshot and the one before it.
// Pure: (previous model, new snapshot) → new model. No timers, no I/O.
import {Histories} from './history.js';
import {advanceMapValues, type MapValues} from './map-values.js';
import {mapRows, type MapRow} from './maps.js';
import type {HostEntry} from './hosts.js';
import {programRows, type ProgramRow} from './programs.js';
import type {Snapshot} from '../snapshot/snapshot.js';

export type Model = {
	readonly snapshot: Snapshot;
	/** Seconds between the two samples the figures come from (0 on the first sample). */
	readonly intervalSec: number;
	readonly programs: readonly ProgramRow[];
	/** Runs per second per program id over the last refreshes, oldest first. */
	readonly eventsHistory: Histories;
	readonly maps: readonly MapRow[];
	/** The value table's map, when one is open (RefreshRequest.mapId). */
	readonly mapValues?: MapValues;
	/** Several hosts merged into one model (--host): each host's own model and state (model/hosts.ts). */
	readonly hosts?: readonly HostEntry[];
};

/** `mapValues`: already advanced in steps (mapValuesSteps, by the monitor); else advanced here. */
export function advanceModel(previous: Model | undefined, snapshot: Snapshot, mapValues?: {readonly done: MapValues | undefined}): Model {
	const programs = programRows(previous, snapshot);
	const intervalSec = previous ? Number(snapshot.timeNs - previous.snapshot.timeNs) / 1e9 : 0;
	let maps: MapRow[] | undefined;
	return {
		snapshot,
		intervalSec,
		programs,
		eventsHistory: previous ? previous.eventsHistory.push(programs, row => row.program.id, row => row.stats.eventsPerSec) : Histories.empty,
		// Made when a view reads them: the Programs view never does, and at 1,000 maps that is
		// 1,000 rows built on every refresh for nothing.
		get maps() {
			maps ??= mapRows(snapshot);
			return maps;
		},
		mapValues: mapValues ? mapValues.done : advanceMapValues(previous?.mapValues, snapshot),
	};
}
