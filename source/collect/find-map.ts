// --map ID|NAME → one map, from `map show`. Names are not unique (every program's `.bss` is
// "<object>.bss", truncated to 15 characters): several matches are an error listing their ids.
import type {Backend} from '../backends/backend.js';
import {parseOutput} from '../parse/command-output.js';
import {mapListSchema, type BpfMap} from '../parse/map.js';
import {sanitize} from '../model/sanitize.js';

export type FoundMap = {ok: true; map: BpfMap} | {ok: false; error: string};

export function resolveMap(maps: readonly BpfMap[], spec: string): FoundMap {
	if (/^\d+$/.test(spec)) {
		const map = maps.find(candidate => candidate.id === Number(spec));
		return map ? {ok: true, map} : {ok: false, error: `no map with id ${spec} (--view maps lists them)`};
	}

	// bpftrace's @name is AT_name in the kernel (15 characters kept).
	const name = spec.startsWith('@') ? `AT_${spec.slice(1)}`.slice(0, 15) : spec;
	const matches = maps.filter(candidate => candidate.name === name);
	const shown = sanitize(spec);
	if (matches.length === 1) return {ok: true, map: matches[0]!};
	if (matches.length === 0) return {ok: false, error: `no map named "${shown}" (--view maps lists them)`};
	return {ok: false, error: `${matches.length} maps are named "${shown}" (ids ${matches.map(map => map.id).join(', ')}): pass --map ID`};
}

export async function findMap(backend: Backend, spec: string): Promise<FoundMap> {
	const [answer] = await backend.run([['map', 'show']]);
	const maps = parseOutput(mapListSchema, answer?.output, 'map show');
	return maps.ok ? resolveMap(maps.value, spec) : {ok: false, error: maps.error};
}
