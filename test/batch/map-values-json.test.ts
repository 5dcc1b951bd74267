// The entries of --json: the bytes-level writer for plain integer maps gives exactly what the
// general path (through the value table's rows) gives, u64 beyond 2^53 included.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {writeEntriesJson} from '../../source/batch/map-values-json.js';
import type {BtfType} from '../../source/btf/types.js';
import {advanceMapValues, type MapValues} from '../../source/model/map-values.js';
import type {BpfMap} from '../../source/parse/map.js';
import type {MapContents} from '../../source/snapshot/map-contents.js';

const u32: BtfType = {kind: 'int', name: 'unsigned int', size: 4, signed: false};
const s64: BtfType = {kind: 'int', name: 'long long', size: 8, signed: true};
const u64: BtfType = {kind: 'int', name: 'long long unsigned int', size: 8, signed: false};

function read(keys: number[], values: bigint[], btf?: {key: BtfType; value: BtfType}): MapContents {
	const keyBytes = new Uint8Array(keys.length * 4);
	const valueBytes = new Uint8Array(values.length * 8);
	keys.forEach((key, index) => new DataView(keyBytes.buffer).setUint32(index * 4, key, true));
	values.forEach((value, index) => new DataView(valueBytes.buffer).setBigUint64(index * 8, BigInt.asUintN(64, value), true));
	return {mapId: 4, via: 'emulator', keySize: 4, valueSize: 8, cpus: 1, cpuStride: 8, count: keys.length, keys: keyBytes, values: valueBytes, ...(btf ? {btf} : {})};
}

function twoReads(first: MapContents, second: MapContents): MapValues {
	const map: BpfMap = {id: 4, type: 'hash', name: 'counts', bytes_key: 4, bytes_value: 8, max_entries: 64};
	const snapshot = (seconds: number, contents: MapContents) => ({timeNs: BigInt(seconds * 1e9), wallMs: 0, programs: [], maps: [map], problems: [], mapDump: {mapId: 4, status: 'ok' as const, contents, timeNs: BigInt(seconds * 1e9)}});
	return advanceMapValues(advanceMapValues(undefined, snapshot(1, first)), snapshot(1.5, second))!;
}

const entries = (values: MapValues, plain: boolean): unknown => {
	const chunks: Buffer[] = [];
	writeEntriesJson(values, chunk => chunks.push(Buffer.from(chunk)), {plain});
	return JSON.parse(Buffer.concat(chunks).toString('utf8'));
};

test('plain integer entries: the byte writer and the general path write the same JSON', () => {
	const keys = [7, 3, 4_000_000_000, 0, 12];
	const first = [10n, 2n ** 60n, 0n, 2n ** 53n + 1n, 2n ** 64n - 3n];
	const second = [25n, 2n ** 60n + 9n, 5n, 2n ** 53n + 2n, 4n];
	for (const btf of [undefined, {key: u32, value: u64}, {key: u32, value: s64}]) {
		const values = twoReads(read(keys, first, btf), read([...keys, 99], [...second, 1n], btf));
		const fast = entries(values, true);
		assert.deepEqual(fast, entries(values, false), JSON.stringify(btf));
		const rows = fast as Array<{key_text: string; delta: number | null; rate_per_sec: number | null; new: boolean; fields: Array<{value: unknown}>}>;
		assert.equal(rows[0]!.delta, 15);
		assert.equal(rows[0]!.rate_per_sec, 30);
		assert.equal(rows[4]!.delta, 7);
		assert.equal(rows[5]!.new, true);
		assert.equal(rows[2]!.key_text, '4000000000');
	}

	const unsigned = entries(twoReads(read(keys, first, {key: u32, value: u64}), read(keys, second, {key: u32, value: u64})), true) as Array<{fields: Array<{value: unknown; text: string}>}>;
	assert.deepEqual(unsigned[1]!.fields[0], {...unsigned[1]!.fields[0], value: String(2n ** 60n + 9n), text: String(2n ** 60n + 9n)});
	const signed = entries(twoReads(read(keys, first, {key: u32, value: s64}), read(keys, second, {key: u32, value: s64})), true) as Array<{fields: Array<{value: unknown}>}>;
	assert.equal(signed[3]!.fields[0]!.value, String(2n ** 53n + 2n));
});
