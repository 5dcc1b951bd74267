// Models of small made-up hosts, for the merge, the fleet and the metrics tests.
import type {HostEntry, HostState} from '../../source/model/hosts.js';
import {advanceModel, type Model} from '../../source/model/model.js';
import type {BpfMap} from '../../source/parse/map.js';
import type {Program} from '../../source/parse/program.js';
import type {Snapshot} from '../../source/snapshot/snapshot.js';

export function program(id: number, runCnt: number, extra: Partial<Program> = {}): Program {
	return {id, type: 'xdp', name: `prog${id}`, tag: `tag${id}`, run_cnt: runCnt, run_time_ns: runCnt * 1000, map_ids: [id * 10], ...extra};
}

export function bpfMap(id: number, extra: Partial<BpfMap> = {}): BpfMap {
	return {id, type: 'array', name: `map${id}`, bytes_key: 4, bytes_value: 8, max_entries: 4, bytes_memlock: 4096, ...extra};
}

export function snapshot(host: string | undefined, seconds: number, programs: readonly Program[], maps: readonly BpfMap[] = programs.map(p => bpfMap(p.id * 10)), problems: string[] = []): Snapshot {
	return {...(host === undefined ? {} : {host}), timeNs: BigInt(seconds * 1e9), wallMs: 1_700_000_000_000 + seconds * 1000, programs, maps, problems};
}

/** Two refreshes a second apart: the program ran `perSecond` times in between. */
export function hostModel(host: string | undefined, ids: readonly number[], perSecond = 100): Model {
	const first = advanceModel(undefined, snapshot(host, 10, ids.map(id => program(id, 1000))));
	return advanceModel(first, snapshot(host, 11, ids.map(id => program(id, 1000 + perSecond))));
}

export function entry(host: string, state: HostState, model?: Model, extra: Partial<HostEntry> = {}): HostEntry {
	return {host, state, ...(model ? {model} : {}), failures: state === 'down' ? 1 : 0, label: `${host}: bpftool v7.1.0`, stats: {on: true, detail: 'on (fd)'}, ...extra};
}
