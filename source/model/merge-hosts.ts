// Several hosts' models → one model for the tables: every program, map and attachment of every
// host, each row carrying its host (rows are made with Snapshot.host, so merging only concatenates).
// The detail views read one host's own model (hostModel), so what belongs to one host — the
// program dump, a map's values, the runs history — comes from the host the views asked about.
// Pure: hosts in, model out.
import {Histories} from './history.js';
import type {HostEntry} from './hosts.js';
import {hostProblems} from './hosts.js';
import type {MapRow} from './maps.js';
import type {Model} from './model.js';
import type {Snapshot} from '../snapshot/snapshot.js';

/** `focus`: the host the detail views are about (RefreshRequest.host). */
export function mergeHosts(hosts: readonly HostEntry[], focus?: string): Model {
	const models = hosts.flatMap(entry => (entry.model ? [entry.model] : []));
	const focused = hosts.find(entry => entry.host === focus)?.model;
	const problems = [
		...hostProblems(hosts),
		...hosts.flatMap(entry => (entry.state === 'up' ? (entry.model?.snapshot.problems ?? []).map(problem => `${entry.host}: ${problem}`) : [])),
	];
	const snapshot: Snapshot = {
		timeNs: models.reduce((latest, model) => (model.snapshot.timeNs > latest ? model.snapshot.timeNs : latest), 0n),
		wallMs: Math.max(0, ...models.map(model => model.snapshot.wallMs)),
		programs: models.flatMap(model => model.snapshot.programs),
		maps: models.flatMap(model => model.snapshot.maps),
		problems,
		...(focused?.snapshot.programDump ? {programDump: focused.snapshot.programDump} : {}),
		...(focused?.snapshot.mapDump ? {mapDump: focused.snapshot.mapDump} : {}),
	};
	let maps: MapRow[] | undefined;
	return {
		snapshot,
		intervalSec: focused?.intervalSec ?? Math.max(0, ...models.map(model => model.intervalSec)),
		programs: models.flatMap(model => model.programs),
		eventsHistory: focused?.eventsHistory ?? Histories.empty,
		// As in advanceModel: made when a view reads them.
		get maps() {
			maps ??= models.flatMap(model => model.maps);
			return maps;
		},
		...(focused?.mapValues ? {mapValues: focused.mapValues} : {}),
		hosts,
	};
}
