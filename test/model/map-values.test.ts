import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {advanceMapValues, primaryDelta, primaryRate, type MapValues} from '../../source/model/map-values.js';
import {historyLength} from '../../source/model/history.js';
import type {BpfMap} from '../../source/parse/map.js';
import {parseMapDump, type MapEntry} from '../../source/parse/map-dump.js';
import type {MapDump, Snapshot} from '../../source/snapshot/snapshot.js';

const fixture = (name: string): MapEntry[] => {
	const parsed = parseMapDump(JSON.parse(readFileSync(new URL(`../fixtures/bpftool/${name}`, import.meta.url), 'utf8')), name);
	assert.ok(parsed.ok);
	return parsed.value;
};

const u32 = (value: number) => ['0', '8', '16', '24'].map(shift => `0x${((value >>> Number(shift)) & 0xff).toString(16)}`);
const entry = (key: number, value: number): MapEntry => parseMapDump([{key: u32(key), value: u32(value)}], 't').ok ? (parseMapDump([{key: u32(key), value: u32(value)}], 't') as {value: MapEntry[]}).value[0]! : assert.fail();

const hashMap: BpfMap = {id: 3, type: 'hash', name: 'counts', bytes_key: 4, bytes_value: 4, max_entries: 64};

function snapshot(seconds: number, dump: MapDump, map: BpfMap = hashMap): Snapshot {
	return {timeNs: BigInt(seconds * 1e9), wallMs: seconds * 1000, programs: [], maps: [map], problems: [], mapDump: dump};
}

const ok = (entries: MapEntry[], mapId = 3): MapDump => ({mapId, status: 'ok', entries});

function run(steps: Array<[number, MapEntry[]]>, map: BpfMap = hashMap): MapValues {
	let values: MapValues | undefined;
	for (const [seconds, entries] of steps) values = advanceMapValues(values, snapshot(seconds, ok(entries, map.id), map));
	assert.ok(values);
	return values;
}

test('the first dump is a baseline: values, no deltas, nothing new', () => {
	const values = run([[1, [entry(1, 10), entry(2, 20)]]]);
	assert.deepEqual(values.rows.map(row => [row.keyText, row.fields[0]!.text, primaryDelta(row), row.isNew]), [
		['1', '10', undefined, false],
		['2', '20', undefined, false],
	]);
});

test('deltas and rates per key over the interval; history grows, bounded', () => {
	const values = run([
		[1, [entry(1, 10)]],
		[1.5, [entry(1, 20)]],
		[2, [entry(1, 40)]],
	]);
	const [row] = values.rows;
	assert.equal(primaryDelta(row!), 20);
	assert.equal(primaryRate(row!), 40);
	assert.deepEqual(row!.history.values(), [20, 40]);
	const long = run(Array.from({length: historyLength + 10}, (_, index) => [index + 1, [entry(1, index * 3)]] as [number, MapEntry[]]));
	assert.equal(long.rows[0]!.history.length, historyLength);
	assert.ok(long.rows[0]!.history.values().every(rate => rate === 3));
});

test('a u32 counter wraps at the value width', () => {
	const values = run([
		[1, [entry(1, 0xffff_fff0)]],
		[2, [entry(1, 0x10)]],
	]);
	assert.equal(primaryDelta(values.rows[0]!), 0x20);
});

test('keys that appear are marked new; keys that vanish are dropped and counted', () => {
	const values = run([
		[1, [entry(1, 10), entry(2, 20)]],
		[2, [entry(1, 11), entry(3, 5)]],
	]);
	assert.deepEqual(values.rows.map(row => [row.keyText, row.isNew, primaryDelta(row)]), [
		['1', false, 1],
		['3', true, undefined],
	]);
	assert.equal(values.removed, 1);
	// A key that comes back starts a new history.
	const again = run([
		[1, [entry(1, 10), entry(2, 20)]],
		[2, [entry(1, 11)]],
		[3, [entry(1, 12), entry(2, 50)]],
	]);
	assert.equal(again.rows[1]!.isNew, true);
	assert.deepEqual(again.rows[1]!.history.values(), []);
});

test('per-CPU values sum per key; the sum moves by the per-CPU moves (each wraps on its own)', () => {
	const map: BpfMap = {id: 9, type: 'percpu_hash', name: 'pc', bytes_key: 4, bytes_value: 4, max_entries: 16};
	const percpu = (a: number, b: number): MapEntry => ({
		key: Uint8Array.of(2, 0, 0, 0),
		perCpu: [
			{cpu: 0, bytes: Uint8Array.from(u32(a), byte => Number(byte))},
			{cpu: 1, bytes: Uint8Array.from(u32(b), byte => Number(byte))},
		],
	});
	const values = run(
		[
			[1, [percpu(5, 0xffff_ffff)]],
			[2, [percpu(8, 1)]],
		],
		map,
	);
	const [row] = values.rows;
	assert.equal(row!.fields[0]!.text, '9');
	assert.equal(primaryDelta(row!), 3 + 2);
	assert.deepEqual(row!.perCpu?.map(cpu => [cpu.cpu, cpu.fields[0]!.text, cpu.fields[0]!.delta]), [[0, '8', 3], [1, '1', 2]]);
});

test('per-CPU array with BTF from the real kernel sums to 40', () => {
	const map: BpfMap = {id: 64, type: 'percpu_array', name: 'cpu_packets', bytes_key: 4, bytes_value: 8, max_entries: 1};
	const values = run([[1, fixture('map-dump-percpu-array.json')]], map);
	assert.equal(values.rows[0]!.keyText, '0');
	assert.equal(values.rows[0]!.fields[0]!.text, '40');
});

test('a .bss dump is one row per variable, keyed by its name', () => {
	const map: BpfMap = {id: 68, type: 'array', name: 'counters.bss', bytes_key: 4, bytes_value: 8, max_entries: 1};
	const values = run([[1, fixture('map-dump-bss.json')]], map);
	assert.deepEqual(values.rows.map(row => [row.keyText, row.fields.map(field => [field.name, field.text])]), [['packets', [['', '40']]]]);
	assert.equal(values.rows[0]!.fields[0]!.bits, 64);
});

test('hello.rodata shows the format string; a struct value gives one field per member', () => {
	const batch = JSON.parse(readFileSync(new URL('../fixtures/bpftool/batch-hello.json', import.meta.url), 'utf8')) as Array<{command: string[]; output: unknown}>;
	const rodata = parseMapDump(batch.find(item => item.command.join(' ') === 'map dump id 6')!.output, 'rodata');
	assert.ok(rodata.ok);
	const map: BpfMap = {id: 6, type: 'array', name: 'hello.rodata', bytes_key: 4, bytes_value: 15, max_entries: 1};
	const values = run([[1, rodata.value]], map);
	assert.equal(values.rows[0]!.keyText, 'hello.____fmt');
	assert.equal(values.rows[0]!.fields[0]!.text, '"Hello World %d"');
	assert.equal(values.rows[0]!.primary, -1);

	const structs: BpfMap = {id: 65, type: 'hash', name: 'proto_stats', bytes_key: 4, bytes_value: 16, max_entries: 256};
	const stats = run([[1, fixture('map-dump-hash-struct.json')]], structs);
	assert.deepEqual(stats.fieldNames, ['packets', 'bytes']);
	assert.deepEqual(stats.rows.map(row => [row.keyText, row.fields.map(field => field.text)]), [['17', ['20', '860']], ['1', ['20', '1420']]]);
});

test('without BTF: little-endian integers of the value size, hex in the key', () => {
	const map: BpfMap = {id: 1, type: 'hash', name: 'nobtf', bytes_key: 4, bytes_value: 8, max_entries: 16};
	const values = run([[1, fixture('map-dump-nobtf-hash.json')]], map);
	assert.equal(values.rows[0]!.keyText, '1');
	assert.equal(values.rows[0]!.keyHex, '01 00 00 00');
	assert.equal(values.rows[0]!.fields[0]!.text, '18446744073709551615');
});

test('a skipped or failed dump keeps the last rows and their time as the baseline', () => {
	let values = advanceMapValues(undefined, snapshot(1, ok([entry(1, 10)])));
	values = advanceMapValues(values, snapshot(2, {mapId: 3, status: 'error', reason: 'gone'}));
	assert.equal(values?.status, 'error');
	assert.equal(values?.rows.length, 1);
	values = advanceMapValues(values, snapshot(3, ok([entry(1, 30)])));
	assert.equal(primaryRate(values!.rows[0]!), 10);
	// Another map id starts over.
	const other: BpfMap = {...hashMap, id: 4};
	const fresh = advanceMapValues(values, snapshot(4, ok([entry(1, 50)], 4), other));
	assert.equal(primaryDelta(fresh!.rows[0]!), undefined);
});

test('map names and values are sanitised', () => {
	const map: BpfMap = {id: 6, type: 'array', name: 'x.rodata', bytes_key: 4, bytes_value: 4, max_entries: 1};
	const values = run([[1, [{key: Uint8Array.of(0, 0, 0, 0), value: Uint8Array.of(0, 0, 0, 0), formattedValue: {'.rodata': [{'evil\u001b[2J': 'a\u001b[31m'}]}}]]], map);
	assert.equal(values.rows[0]!.keyText, 'evil\\e[2J');
	assert.doesNotMatch(values.rows[0]!.fields[0]!.text, /\u001b/);
});
