// Map rows for the Maps view: each map with the programs that use it (from their map_ids) and how
// many entries it holds, where that is cheap to know.
import type {BpfMap} from '../parse/map.js';
import type {Snapshot} from '../snapshot/snapshot.js';

export type MapUser = {readonly id: number; readonly name: string};

export type MapRow = {
	/** The machine it lives on (Snapshot.host). */
	readonly host?: string;
	readonly map: BpfMap;
	readonly usedBy: readonly MapUser[];
	/** Entries in use: arrays always hold max_entries; other maps only when just read. */
	readonly entries?: number;
};

/** Array-like maps whose every slot exists. */
const fullTypes = new Set(['array', 'percpu_array', 'cgroup_array', 'perf_event_array', 'prog_array', 'array_of_maps']);

export function mapRows(snapshot: Snapshot): MapRow[] {
	const users = new Map<number, MapUser[]>();
	for (const program of snapshot.programs) {
		for (const mapId of program.map_ids ?? []) {
			const list = users.get(mapId) ?? [];
			list.push({id: program.id, name: program.name});
			users.set(mapId, list);
		}
	}

	const dump = snapshot.mapDump?.status === 'ok' ? snapshot.mapDump : undefined;
	return snapshot.maps.map(map => {
		const entries = dump?.mapId === map.id ? dump.contents.count : fullTypes.has(map.type) ? map.max_entries : undefined;
		return {...(snapshot.host === undefined ? {} : {host: snapshot.host}), map, usedBy: users.get(map.id) ?? [], ...(entries === undefined ? {} : {entries})};
	});
}
