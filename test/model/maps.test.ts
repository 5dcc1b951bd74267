import assert from 'node:assert/strict';
import {test} from 'node:test';
import {mapRows} from '../../source/model/maps.js';
import type {Snapshot} from '../../source/snapshot/snapshot.js';

test('map rows list the programs that share each map, and entries where cheap', () => {
	const snapshot: Snapshot = {
		timeNs: 1n,
		wallMs: 1,
		programs: [
			{id: 10, type: 'xdp', name: 'a', tag: '', map_ids: [1, 2]},
			{id: 11, type: 'xdp', name: 'b', tag: '', map_ids: [2]},
		],
		maps: [
			{id: 1, type: 'array', name: 'a.bss', max_entries: 1},
			{id: 2, type: 'hash', name: 'shared', max_entries: 64},
			{id: 3, type: 'hash', name: 'lonely', max_entries: 64},
		],
		problems: [],
		mapDump: {mapId: 3, status: 'ok', contents: {mapId: 3, via: 'bpftool', keySize: 1, valueSize: 0, cpus: 1, cpuStride: 0, count: 2, keys: Uint8Array.of(1, 2), values: new Uint8Array()}, timeNs: 1n},
	};
	const rows = mapRows(snapshot);
	assert.deepEqual(
		rows.map(row => [row.map.id, row.usedBy.map(user => user.id), row.entries]),
		[
			[1, [10], 1],
			[2, [10, 11], undefined],
			[3, [], 2],
		],
	);
});
