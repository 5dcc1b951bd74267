import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {parseOutput} from '../../source/parse/command-output.js';
import {mapListSchema} from '../../source/parse/map.js';
import {programListSchema, programSchema} from '../../source/parse/program.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/bpftool/${name}`, import.meta.url), 'utf8'));

test('prog show from the real kernel parses, keeping every bpftool field', () => {
	const parsed = parseOutput(programSchema, fixture('prog-show-stats.json'), 'prog show');
	assert.ok(parsed.ok);
	assert.equal(parsed.value.id, 10);
	assert.equal(parsed.value.name, 'hello');
	assert.equal(parsed.value.type, 'xdp');
	assert.equal(parsed.value.run_cnt, 100);
	assert.equal(parsed.value.run_time_ns, 126130);
	assert.deepEqual(parsed.value.map_ids, [5, 6]);
	assert.equal(parsed.value['bytes_memlock'], 4096);
});

test('map show from the real kernel parses', () => {
	const parsed = parseOutput(mapListSchema, fixture('map-show.json'), 'map show');
	assert.ok(parsed.ok);
	assert.ok(Array.isArray(parsed.value));
});

test('a bpftool error object becomes an error naming the command', () => {
	const parsed = parseOutput(programListSchema, {error: "can't get next program: Operation not permitted"}, 'prog show');
	assert.deepEqual(parsed, {ok: false, error: "prog show: can't get next program: Operation not permitted"});
});

test('an unprivileged prog show ([{error}] inside the list) is an error, not a malformed program', () => {
	const parsed = parseOutput(programListSchema, [{error: "can't get next program: Operation not permitted"}], 'prog show');
	assert.deepEqual(parsed, {ok: false, error: "prog show: can't get next program: Operation not permitted"});
});

test('wrong shapes are reported with the path, never thrown', () => {
	const parsed = parseOutput(programListSchema, [{id: 'seven', type: 'xdp'}], 'prog show');
	assert.equal(parsed.ok, false);
	assert.match(parsed.ok ? '' : parsed.error, /prog show: unexpected output from bpftool at 0\.id/);
	assert.equal(parseOutput(programListSchema, 'nonsense', 'prog show').ok, false);
	assert.equal(parseOutput(programListSchema, null, 'prog show').ok, false);
});

test('missing optional fields (stats off) are fine; name and tag default to empty', () => {
	const parsed = parseOutput(programListSchema, [{id: 3, type: 'kprobe'}], 'prog show');
	assert.ok(parsed.ok);
	assert.equal(parsed.value[0]?.name, '');
	assert.equal(parsed.value[0]?.run_cnt, undefined);
});

test('fuzz: random JSON values never throw', () => {
	let seed = 7;
	const random = () => {
		seed = (seed * 48271) % 2147483647;
		return seed / 2147483647;
	};

	const value = (depth: number): unknown => {
		const pick = Math.floor(random() * 7);
		if (depth > 3 || pick === 0) return Math.floor(random() * 1e6) - 100;
		if (pick === 1) return 'x'.repeat(Math.floor(random() * 5));
		if (pick === 2) return null;
		if (pick === 3) return random() > 0.5;
		if (pick === 4) return Array.from({length: Math.floor(random() * 4)}, () => value(depth + 1));
		const object: Record<string, unknown> = {};
		for (const key of ['id', 'type', 'name', 'run_cnt', 'error', 'map_ids']) if (random() > 0.5) object[key] = value(depth + 1);
		return object;
	};

	for (let i = 0; i < 3000; i++) {
		assert.doesNotThrow(() => parseOutput(programListSchema, value(0), 'prog show'));
		assert.doesNotThrow(() => parseOutput(mapListSchema, [value(1)], 'map show'));
	}
});
