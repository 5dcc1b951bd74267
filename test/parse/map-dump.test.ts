import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {parseMapDump} from '../../source/parse/map-dump.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/bpftool/${name}`, import.meta.url), 'utf8'));

test('a BTF hash dump keeps key and value bytes and the formatted key and value', () => {
	const parsed = parseMapDump(fixture('map-dump-hash.json'), 'map dump id 66');
	assert.ok(parsed.ok);
	assert.equal(parsed.value.length, 3);
	assert.deepEqual([...parsed.value[0]!.key], [11, 0, 0, 0]);
	assert.deepEqual([...parsed.value[0]!.value!], [7, 0, 0, 0, 0, 0, 0, 0]);
	assert.equal(parsed.value[0]!.formattedKey, 11);
	assert.equal(parsed.value[0]!.formattedValue, 7);
});

test('a per-CPU dump has bytes and formatted values per CPU', () => {
	const parsed = parseMapDump(fixture('map-dump-percpu-array.json'), 'map dump id 64');
	assert.ok(parsed.ok);
	const [entry] = parsed.value;
	assert.equal(entry!.value, undefined);
	assert.deepEqual(entry!.perCpu?.map(cpu => [cpu.cpu, cpu.bytes[0], cpu.formatted]), [[0, 0, 0], [1, 0x28, 40]]);
});

test('a dump without BTF has no formatted parts', () => {
	const parsed = parseMapDump(fixture('map-dump-nobtf-percpu-hash.json'), 'map dump id 1');
	assert.ok(parsed.ok);
	assert.equal(parsed.value[0]!.formattedValue, undefined);
	assert.equal(parsed.value[0]!.perCpu?.[1]?.formatted, undefined);
});

test('the seed batch: hello.bss and hello.rodata dumps parse', () => {
	const batch = fixture('batch-hello.json') as Array<{command: string[]; output: unknown}>;
	const dumps = batch.filter(item => item.command[0] === 'map' && item.command[1] === 'dump').map(item => parseMapDump(item.output, item.command.join(' ')));
	assert.equal(dumps.length, 2);
	assert.ok(dumps.every(dump => dump.ok));
});

test('an error object and a wrong shape become one error naming the command', () => {
	assert.deepEqual(parseMapDump({error: 'get map by id (9): No such file or directory'}, 'map dump id 9'), {
		ok: false,
		error: 'map dump id 9: get map by id (9): No such file or directory',
	});
	const bad = parseMapDump([{key: ['zz']}], 'map dump id 9');
	assert.equal(bad.ok, false);
	assert.match(bad.ok ? '' : bad.error, /^map dump id 9: unexpected output from bpftool at 0\.key\.0/);
});
