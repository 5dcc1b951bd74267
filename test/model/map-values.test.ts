import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {contentsFromDump} from '../../source/backends/dump-contents.js';
import {valueRow, type MapValueRow} from '../../source/model/map-rows.js';
import {advanceMapValues, type MapValues} from '../../source/model/map-values.js';
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

/** A read of these entries (as bpftool dumped them) at `seconds`. */
const ok = (entries: MapEntry[], seconds: number, map: BpfMap = hashMap): MapDump => ({mapId: map.id, status: 'ok', contents: contentsFromDump(map.id, map, entries), timeNs: BigInt(seconds * 1e9)});

function run(steps: Array<[number, MapEntry[]]>, map: BpfMap = hashMap): MapValues {
	let values: MapValues | undefined;
	for (const [seconds, entries] of steps) values = advanceMapValues(values, snapshot(seconds, ok(entries, seconds, map), map));
	assert.ok(values);
	return values;
}

/** Every row as the screen would show it, in read order. */
const rows = (values: MapValues): MapValueRow[] => Array.from({length: values.rowCount}, (_, row) => valueRow(values, row));
const primaryDelta = (row: MapValueRow) => row.fields[row.primary]?.delta;
const primaryRate = (row: MapValueRow) => row.fields[row.primary]?.ratePerSec;

test('the first dump is a baseline: values, no deltas, nothing new', () => {
	const values = run([[1, [entry(1, 10), entry(2, 20)]]]);
	assert.deepEqual(rows(values).map(row => [row.keyText, row.fields[0]!.text, primaryDelta(row), row.isNew]), [
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
	const [row] = rows(values);
	assert.equal(primaryDelta(row!), 20);
	assert.equal(primaryRate(row!), 40);
	assert.deepEqual(row!.history.values(), [20, 40]);
	const long = run(Array.from({length: historyLength + 10}, (_, index) => [index + 1, [entry(1, index * 3)]] as [number, MapEntry[]]));
	assert.equal(rows(long)[0]!.history.length, historyLength);
	assert.ok(rows(long)[0]!.history.values().every(rate => rate === 3));
});

test('a u32 counter wraps at the value width', () => {
	const values = run([
		[1, [entry(1, 0xffff_fff0)]],
		[2, [entry(1, 0x10)]],
	]);
	assert.equal(primaryDelta(rows(values)[0]!), 0x20);
});

test('keys that appear are marked new; keys that vanish are dropped and counted', () => {
	const values = run([
		[1, [entry(1, 10), entry(2, 20)]],
		[2, [entry(1, 11), entry(3, 5)]],
	]);
	assert.deepEqual(rows(values).map(row => [row.keyText, row.isNew, primaryDelta(row)]), [
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
	assert.equal(rows(again)[1]!.isNew, true);
	assert.deepEqual(rows(again)[1]!.history.values(), []);
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
	const [row] = rows(values);
	assert.equal(row!.fields[0]!.text, '9');
	assert.equal(primaryDelta(row!), 3 + 2);
	assert.deepEqual(row!.perCpu?.map(cpu => [cpu.cpu, cpu.fields[0]!.text, cpu.fields[0]!.delta]), [[0, '8', 3], [1, '1', 2]]);
});

test('per-CPU array with BTF from the real kernel sums to 40', () => {
	const map: BpfMap = {id: 64, type: 'percpu_array', name: 'cpu_packets', bytes_key: 4, bytes_value: 8, max_entries: 1};
	const values = run([[1, fixture('map-dump-percpu-array.json')]], map);
	assert.equal(rows(values)[0]!.keyText, '0');
	assert.equal(rows(values)[0]!.fields[0]!.text, '40');
});

test('a .bss dump is one row per variable, keyed by its name', () => {
	const map: BpfMap = {id: 68, type: 'array', name: 'counters.bss', bytes_key: 4, bytes_value: 8, max_entries: 1};
	const values = run([[1, fixture('map-dump-bss.json')]], map);
	assert.deepEqual(rows(values).map(row => [row.keyText, row.fields.map(field => [field.name, field.text])]), [['packets', [['', '40']]]]);
	assert.equal(rows(values)[0]!.fields[0]!.bits, 64);
});

test('hello.rodata shows the format string; a struct value gives one field per member', () => {
	const batch = JSON.parse(readFileSync(new URL('../fixtures/bpftool/batch-hello.json', import.meta.url), 'utf8')) as Array<{command: string[]; output: unknown}>;
	const rodata = parseMapDump(batch.find(item => item.command.join(' ') === 'map dump id 6')!.output, 'rodata');
	assert.ok(rodata.ok);
	const map: BpfMap = {id: 6, type: 'array', name: 'hello.rodata', bytes_key: 4, bytes_value: 15, max_entries: 1};
	const values = run([[1, rodata.value]], map);
	assert.equal(rows(values)[0]!.keyText, 'hello.____fmt');
	assert.equal(rows(values)[0]!.fields[0]!.text, '"Hello World %d"');
	assert.equal(rows(values)[0]!.primary, -1);

	const structs: BpfMap = {id: 65, type: 'hash', name: 'proto_stats', bytes_key: 4, bytes_value: 16, max_entries: 256};
	const stats = run([[1, fixture('map-dump-hash-struct.json')]], structs);
	assert.deepEqual(rows(stats)[0]!.fields.map(field => field.name), ['packets', 'bytes']);
	assert.deepEqual(rows(stats).map(row => [row.keyText, row.fields.map(field => field.text)]), [['17', ['20', '860']], ['1', ['20', '1420']]]);
});

test('without BTF: little-endian integers of the value size, hex in the key', () => {
	const map: BpfMap = {id: 1, type: 'hash', name: 'nobtf', bytes_key: 4, bytes_value: 8, max_entries: 16};
	const values = run([[1, fixture('map-dump-nobtf-hash.json')]], map);
	assert.equal(rows(values)[0]!.keyText, '1');
	assert.equal(rows(values)[0]!.keyHex, '01 00 00 00');
	assert.equal(rows(values)[0]!.fields[0]!.text, '18446744073709551615');
});

test('a skipped or failed dump keeps the last rows and their time as the baseline', () => {
	let values = advanceMapValues(undefined, snapshot(1, ok([entry(1, 10)], 1)));
	values = advanceMapValues(values, snapshot(2, {mapId: 3, status: 'error', reason: 'gone'}));
	assert.equal(values?.status, 'error');
	assert.equal(values?.rowCount, 1);
	values = advanceMapValues(values, snapshot(3, ok([entry(1, 30)], 3)));
	assert.equal(primaryRate(rows(values!)[0]!), 10);
	// Another map id starts over.
	const other: BpfMap = {...hashMap, id: 4};
	const fresh = advanceMapValues(values, snapshot(4, ok([entry(1, 50)], 4, other), other));
	assert.equal(primaryDelta(rows(fresh!)[0]!), undefined);
});

test('map names and values are sanitised', () => {
	const map: BpfMap = {id: 6, type: 'array', name: 'x.rodata', bytes_key: 4, bytes_value: 4, max_entries: 1};
	const values = run([[1, [{key: Uint8Array.of(0, 0, 0, 0), value: Uint8Array.of(0, 0, 0, 0), formattedValue: {'.rodata': [{'evil\u001b[2J': 'a\u001b[31m'}]}}]]], map);
	assert.equal(rows(values)[0]!.keyText, 'evil\\e[2J');
	assert.doesNotMatch(rows(values)[0]!.fields[0]!.text, /\u001b/);
});
