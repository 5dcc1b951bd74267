import assert from 'node:assert/strict';
import {test} from 'node:test';
import {recordMap, replayMap} from '../../source/recording/map-record.js';
import type {MapContents} from '../../source/snapshot/map-contents.js';

test('a read survives a recording: bytes, types, errors, holders; a damaged one says so', () => {
	const contents: MapContents = {
		mapId: 9,
		via: 'bpf(2) batch',
		keySize: 4,
		valueSize: 4,
		cpus: 2,
		cpuStride: 8,
		count: 2,
		keys: Uint8Array.of(0, 0, 0, 0, 1, 0, 0, 0),
		values: Uint8Array.from({length: 32}, (_, index) => index),
		errors: new Map([[1, 'Unknown error 524']]),
		btf: {key: {kind: 'int', name: 'u32', size: 4, signed: false}, value: {kind: 'enum', name: 'e', size: 4, signed: false, values: [{name: 'A', value: 2n ** 40n}]}},
		holders: [{pid: 12, comm: 'bpftrace', args: ['bpftrace', '-e', '@x = hist(1)']}],
	};
	const recorded = JSON.parse(JSON.stringify(recordMap({mapId: 9, status: 'ok', contents, timeNs: 5n}))) as unknown;
	assert.deepEqual(replayMap(recorded, 9), contents);
	assert.match((replayMap(recorded, 8) as {error: string}).error, /map 8: not in the recording/);
	assert.equal(replayMap(JSON.parse(JSON.stringify(recordMap({mapId: 9, status: 'kept'}))), 9), undefined);
	assert.deepEqual(replayMap(recordMap({mapId: 9, status: 'error', reason: 'gone'}), 9), {error: 'gone'});
	assert.match((replayMap({...(recorded as object), keys: 'AAAA'}, 9) as {error: string}).error, /damaged/);
});
