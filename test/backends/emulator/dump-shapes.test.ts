// Map dump shapes (hash, per-CPU, LRU with struct keys, .data) against bpftool's real output.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {virtualClock} from '../../../source/clock/clock.js';
import {EmulatorKernel} from '../../../source/backends/emulator/kernel.js';
import {answer} from '../../../source/backends/emulator/bpftool/answer.js';
import {charArray, datasec, struct, U16, U32, U64, U8} from '../../../source/backends/emulator/scenario/btf-types.js';
import type {MapSpec} from '../../../source/backends/emulator/object.js';

const real = JSON.parse(readFileSync(new URL('fixtures/map-dumps-6.18.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const bytes = (...b: number[]) => Uint8Array.from(b);
const VAL = struct('val', [['packets', U64, 0], ['bytes', U64, 8]]);
const KEY = struct('key', [['saddr', U32, 0], ['port', U16, 4], ['proto', U8, 6]]);

const specs: Record<string, MapSpec> = {
	hash: {name: 'counts', type: 'hash', keySize: 4, valueSize: 8, maxEntries: 16, flags: 0, keyType: U32, valueType: U64},
	percpu_array: {name: 'pcpu', type: 'percpu_array', keySize: 4, valueSize: 8, maxEntries: 2, flags: 0, keyType: U32, valueType: U64},
	percpu_hash: {name: 'pcpuh', type: 'percpu_hash', keySize: 4, valueSize: 16, maxEntries: 8, flags: 0, keyType: U32, valueType: VAL},
	lru_hash: {name: 'conns', type: 'lru_hash', keySize: 8, valueSize: 16, maxEntries: 8, flags: 0, keyType: KEY, valueType: VAL},
	data: {
		name: 'maps.data', type: 'array', keySize: 4, valueSize: 8, maxEntries: 1, flags: 1024, initialValue: bytes(0x61, 0x62, 0x63, 0, 0, 0, 0, 0),
		valueType: datasec('.data', [{name: 'msg', type: charArray(8), offset: 0, size: 8}]),
	},
};

test('map dumps have bpftool\'s exact shapes', () => {
	const kernel = new EmulatorKernel({seed: 1, clock: virtualClock({startWallMs: 0}), cpus: 2});
	const {maps} = kernel.loadObject({name: 'maps', license: 'GPL', programs: [], maps: Object.values(specs)});
	const map = (name: string) => kernel.map(maps[name]!)!.map;
	map('counts').update(bytes(1, 0, 0, 0), bytes(5, 0, 0, 0, 0, 0, 0, 0), 0);
	map('counts').update(bytes(2, 0, 0, 0), bytes(7, 0, 0, 0, 0, 0, 0, 0), 0);
	map('pcpuh').update(bytes(3, 0, 0, 0), bytes(1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0), 0);
	map('conns').update(bytes(1, 0, 0, 0, 2, 0, 3, 0), bytes(1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0), 0);
	for (const [kind, spec] of Object.entries(specs)) {
		assert.deepEqual(answer(kernel, ['map', 'dump', 'id', String(maps[spec.name])]), real[kind], kind);
	}
});
