// Reading maps through bpf(2) (map-read.ts) against bpftool's dump of the same maps, entry by entry:
// the same keys, the same value bytes per CPU, and format.ts's values equal to bpftool's
// `formatted` — for every common map kind, with and without BTF, structs with bitfields, enums,
// strings, unions, global data, an LPM trie; and a perf_event_array, which has no batch lookup
// and whose every lookup fails (the error per entry, as bpftool says it).
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdirSync, readdirSync, rmSync} from 'node:fs';
import {after, before, test} from 'node:test';
import {formatBtf} from '../../source/btf/format.js';
import {rawBpf} from '../../source/backends/bpftool/bpf-syscall.js';
import {mapReader, possibleCpus, type MapReader} from '../../source/backends/bpftool/map-read.js';
import {keyBytes, valueBytes} from '../../source/model/map-bytes.js';
import {parseMapDump, type MapEntry} from '../../source/parse/map-dump.js';
import type {MapContents} from '../../source/snapshot/map-contents.js';
import {runCli} from '../helpers/cli.js';
import {bpftoolJson, compileBpf, kernelSkipReason} from '../helpers/kernel.js';
import {readFileSync} from 'node:fs';

const skip = kernelSkipReason();
const dir = `/sys/fs/bpf/bpftop-test-kinds-${process.pid}`;
const ids: Record<string, number> = {};
let read: MapReader;

let seed = 11;
const random = () => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);
const bytes = (count: number) => Array.from({length: count}, () => Math.floor(random() * 256));
const hex = (values: readonly number[]) => values.map(value => `0x${value.toString(16).padStart(2, '0')}`);

function update(name: string, key: readonly number[], value: readonly number[]): void {
	execFileSync('bpftool', ['map', 'update', 'pinned', `${dir}/maps/${name}`, 'key', ...hex(key), 'value', ...hex(value)]);
}

function create(name: string, type: string, keySize: number, valueSize: number, entries: number, flags?: number): void {
	execFileSync('bpftool', ['map', 'create', `${dir}/maps/${name}`, 'type', type, 'key', String(keySize), 'value', String(valueSize), 'entries', String(entries), 'name', name, ...(flags === undefined ? [] : ['flags', String(flags)])]);
}

const u32 = (value: number) => [value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >>> 24];

before(() => {
	if (skip) return;
	const bpf = rawBpf();
	assert.ok(!('error' in bpf), 'bpf(2) through koffi');
	read = mapReader({bpf, cpus: possibleCpus(readFileSync('/sys/devices/system/cpu/possible', 'utf8'))});
	mkdirSync(`${dir}/maps`, {recursive: true});
	execFileSync('bpftool', ['prog', 'load', compileBpf('map-kinds'), `${dir}/prog`, 'pinmaps', `${dir}/maps`]);
	// Without BTF: made by hand, as a tool without BTF (bpftrace 0.17) makes them.
	create('nobtf_hash', 'hash', 8, 16, 32);
	create('nobtf_pc_array', 'percpu_array', 4, 8, 4);
	create('nobtf_lru', 'lru_hash', 16, 4, 8);
	create('nobtf_trie', 'lpm_trie', 8, 8, 16, 1);
	create('nobtf_perf', 'perf_event_array', 4, 4, 2);
	for (const name of readdirSync(`${dir}/maps`)) ids[name] = bpftoolJson<{id: number}>('map', 'show', 'pinned', `${dir}/maps/${name}`).id;

	for (let key = 0; key < 20; key++) update('kind_hash', u32(key * 7919), bytes(8));
	// Structs: random bytes (bitfields, enums, unions, bools of every value), half with a printable name.
	for (let key = 0; key < 8; key++) {
		const value = bytes(40);
		if (key % 2 === 0) value.splice(14, 10, ...Buffer.from('ok\0\0\0\0\0\0\0\0'));
		if (key === 3) value.splice(28, 4, 1, 0, 0, 0);
		update('kind_array', u32(key), value);
	}

	for (let key = 0; key < 10; key++) update('kind_pc_hash', u32(key), bytes(8));
	for (let key = 0; key < 4; key++) update('kind_pc_array', u32(key), bytes(40));
	for (let key = 0; key < 12; key++) update('kind_lru', bytes(8), bytes(8));
	for (let key = 0; key < 6; key++) update('kind_lru_pc', bytes(8), bytes(4));
	update('map_kind_bss', u32(0), bytes(8));
	for (let key = 0; key < 12; key++) update('nobtf_hash', bytes(8), [...Buffer.from(key % 2 ? 'text' : ''), ...bytes(key % 2 ? 12 : 16)].slice(0, 16));
	for (let key = 0; key < 4; key++) update('nobtf_pc_array', u32(key), bytes(8));
	for (let key = 0; key < 5; key++) update('nobtf_lru', [...Buffer.from(`comm${key}`), ...new Array(11).fill(0)], bytes(4));
	for (let key = 0; key < 6; key++) update('nobtf_trie', [24 + key, 0, 0, 0, 10, key, 0, 0], bytes(8));
});

after(() => {
	rmSync(dir, {recursive: true, force: true});
});

function dumped(name: string): MapEntry[] {
	const parsed = parseMapDump(bpftoolJson('map', 'dump', 'id', String(ids[name])), name);
	assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
	return parsed.value;
}

/** Both reads, entry by entry, by key: bytes per CPU, errors, and the formatted key and value(s). */
async function compare(name: string): Promise<MapContents> {
	const contents = await read(ids[name]!, {limit: 1_000_000});
	const entries = dumped(name);
	const keyHex = (key: Uint8Array) => Buffer.from(key).toString('hex');
	const byKey = new Map(entries.map(entry => [keyHex(entry.key), entry]));
	assert.equal(contents.count, entries.length, `${name}: entries read`);
	for (let index = 0; index < contents.count; index++) {
		const key = keyBytes(contents, index);
		const entry = byKey.get(keyHex(key));
		assert.ok(entry, `${name}: key ${keyHex(key)} is in bpftool's dump`);
		const what = `${name} key ${keyHex(key)}`;
		assert.equal(contents.errors?.get(index), entry.error, `${what}: error`);
		if (entry.error !== undefined) continue;
		if (entry.perCpu) {
			assert.equal(contents.cpus, entry.perCpu.length, `${what}: CPUs`);
			for (const copy of entry.perCpu) {
				assert.deepEqual([...valueBytes(contents, index, copy.cpu)], [...copy.bytes], `${what}: bytes on cpu ${copy.cpu}`);
				if (contents.btf?.value) assert.deepEqual(formatBtf(contents.btf.value, valueBytes(contents, index, copy.cpu)), copy.formatted, `${what}: formatted on cpu ${copy.cpu}`);
			}
		} else {
			assert.deepEqual([...valueBytes(contents, index)], [...entry.value!], `${what}: bytes`);
			if (contents.btf?.value) assert.deepEqual(formatBtf(contents.btf.value, valueBytes(contents, index)), entry.formattedValue, `${what}: formatted value`);
		}

		if (contents.btf?.key) assert.deepEqual(formatBtf(contents.btf.key, key), entry.formattedKey, `${what}: formatted key`);
		assert.equal(contents.btf === undefined, entry.formattedValue === undefined && entry.perCpu?.every(copy => copy.formatted === undefined) !== false, `${what}: BTF or none on both sides`);
	}

	return contents;
}

for (const name of ['kind_hash', 'kind_array', 'kind_pc_hash', 'kind_pc_array', 'kind_lru', 'kind_lru_pc', 'map_kind_bss', 'map_kind_data', 'map_kind_rodata']) {
	test(`${name}: bpf(2) batch read = bpftool's dump, formatted values included`, {skip}, async () => {
		const contents = await compare(name);
		assert.equal(contents.via, 'bpf(2) batch');
		assert.ok(contents.btf?.value, 'BTF types from the kernel');
	});
}

for (const name of ['nobtf_hash', 'nobtf_pc_array', 'nobtf_lru']) {
	test(`${name} (no BTF): bpf(2) batch read = bpftool's dump`, {skip}, async () => {
		const contents = await compare(name);
		assert.equal(contents.btf, undefined);
	});
}

test('an LPM trie, the same as bpftool', {skip}, async () => {
	const contents = await compare('nobtf_trie');
	assert.equal(contents.count, 6);
});

test('a perf_event_array answers every lookup with an error: one per entry, in bpftool\'s words', {skip}, async () => {
	const contents = await compare('nobtf_perf');
	// No batch lookup for it: walked key by key.
	assert.equal(contents.via, 'bpf(2)');
	assert.equal(contents.count, 2);
	assert.deepEqual([...(contents.errors?.values() ?? [])], ['Unknown error 524', 'Unknown error 524']);
	// The CLI shows it on the entry's row, not as an error for the whole table.
	const result = runCli(['--backend', 'bpftool', '--once', '--json', '--interval', '0.2', '--map', String(ids['nobtf_perf'])]);
	assert.equal(result.status, 0, result.stderr);
	const values = (JSON.parse(result.stdout) as {map_values: {status: string; entries: Array<{key_text: string; error?: string; value_text: string}>}}).map_values;
	assert.equal(values.status, 'ok');
	assert.deepEqual(
		values.entries.map(entry => [entry.key_text, entry.error, entry.value_text]),
		[
			['0', 'Unknown error 524', '(Unknown error 524)'],
			['1', 'Unknown error 524', '(Unknown error 524)'],
		],
	);
	const text = runCli(['--backend', 'bpftool', '--once', '--interval', '0.2', '--map', String(ids['nobtf_perf'])]);
	assert.match(text.stdout, /\n\s+0\s+\(Unknown error 524\)/);
});

test('keys without BTF that are NUL-padded text read as text; the CLI reads the map read-only', {skip}, async () => {
	const result = runCli(['--backend', 'bpftool', '--once', '--json', '--interval', '0.2', '--map', String(ids['nobtf_lru'])]);
	assert.equal(result.status, 0, result.stderr);
	const keys = (JSON.parse(result.stdout) as {map_values: {entries: Array<{key_text: string}>}}).map_values.entries.map(entry => entry.key_text).sort();
	assert.deepEqual(keys, ['comm0', 'comm1', 'comm2', 'comm3', 'comm4']);
	// Still all there and unchanged: reading an LRU map marks nothing and evicts nothing.
	assert.equal(dumped('nobtf_lru').length, 5);
});
