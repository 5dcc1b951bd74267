// The fast path for prog show / map show takes an answer as its own parse result when zod would
// give back an equal object (values and key order); it must never accept what zod refuses.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import type {z} from 'zod';
import {createEmulatorBackend} from '../../source/backends/emulator/emulator-backend.js';
import {virtualClock} from '../../source/clock/clock.js';
import {parseOutput} from '../../source/parse/command-output.js';
import {canonicalList, canonicalObject, type Shape} from '../../source/parse/fast-shape.js';
import {mapListSchema, mapSchema, mapShape} from '../../source/parse/map.js';
import {programListSchema, programSchema, programShape} from '../../source/parse/program.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/bpftool/${name}`, import.meta.url), 'utf8'));

/** Values and the order of keys at every level, undefined values included. */
function layout(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(layout);
	if (typeof value === 'object' && value !== null) return Object.keys(value).map(key => [key, layout((value as Record<string, unknown>)[key])]);
	return Object.is(value, -0) ? '-0' : value;
}

function agree(shape: Shape, schema: z.ZodType, input: unknown, list: boolean): 'fast' | 'zod' {
	const fast = list ? canonicalList(shape, input) : canonicalObject(shape, input);
	const slow = schema.safeParse(input);
	if (fast === undefined) return 'zod';
	assert.equal(fast, input);
	assert.ok(slow.success, `fast path accepted what zod refuses: ${JSON.stringify(input)}`);
	assert.deepEqual(layout(fast), layout(slow.data), JSON.stringify(input));
	return 'fast';
}

test('the fast shapes name the same keys as the zod schemas, in order', () => {
	assert.deepEqual(Object.keys(programShape), Object.keys(programSchema.shape));
	assert.deepEqual(Object.keys(mapShape), Object.keys(mapSchema.shape));
});

test('real bpftool output takes the fast path and gives what zod gives', () => {
	for (const name of ['prog-show.json', 'prog-show-stats.json']) {
		const output = fixture(name);
		assert.equal(agree(programShape, Array.isArray(output) ? programListSchema : programSchema, output, Array.isArray(output)), 'fast', name);
	}

	for (const name of ['map-show.json', 'map-show-counters.json', 'map-show-prog-array.json']) {
		const output = fixture(name);
		assert.equal(agree(mapShape, Array.isArray(output) ? mapListSchema : mapSchema, output, Array.isArray(output)), 'fast', name);
	}
});

test('the emulator\'s answers take the fast path and give what zod gives', async () => {
	const clock = virtualClock({startWallMs: 1_795_598_726_000});
	const backend = createEmulatorBackend({seed: 3, clock, programs: 40});
	await clock.sleep(2000);
	const [programs, maps] = (await backend.run([['prog', 'show'], ['map', 'show']])).map(o => o.output);
	assert.equal(agree(programShape, programListSchema, programs, true), 'fast');
	assert.equal(agree(mapShape, mapListSchema, maps, true), 'fast');
});

test('parseOutput errors are zod\'s, as before', () => {
	const parsed = parseOutput(programListSchema, [{id: 'seven', type: 'xdp'}], 'prog show');
	assert.match(parsed.ok ? '' : parsed.error, /prog show: unexpected output from bpftool at 0\.id/);
	const map = parseOutput(mapListSchema, [{id: 1, type: 'hash', frozen: 'yes'}], 'map show');
	assert.match(map.ok ? '' : map.error, /map show: unexpected output from bpftool at 0\.frozen/);
});

test('fuzz: the fast path never disagrees with zod', () => {
	let seed = 11;
	const random = () => {
		seed = (seed * 48_271) % 2_147_483_647;
		return seed / 2_147_483_647;
	};

	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
	const scalars: unknown[] = [0, -0, 1, 7, -1, 1.5, 2 ** 53, 2 ** 53 - 1, Number.NaN, Number.POSITIVE_INFINITY, '', 'x', true, false, null, undefined];
	const value = (depth: number): unknown => {
		const roll = random();
		if (depth > 2 || roll < 0.55) return pick(scalars);
		if (roll < 0.75) return Array.from({length: Math.floor(random() * 3)}, () => value(depth + 1));
		if (roll < 0.8) return pick([Object.create(null) as object, new Date(0), JSON.parse('{"__proto__": 1, "pid": 2, "comm": "c"}') as object]);
		return record(depth + 1, ['pid', 'comm', 'extra']);
	};

	const record = (depth: number, keys: readonly string[]): Record<string, unknown> => {
		const out: Record<string, unknown> = {};
		for (const key of keys) if (random() < 0.6) out[key] = value(depth);
		return out;
	};

	const plausible = (shape: Shape): Record<string, unknown> => {
		// Mostly well-formed, so both paths are exercised: one field at a time goes wrong.
		const out: Record<string, unknown> = {id: 3, type: 'xdp'};
		for (const [key, {kind}] of Object.entries(shape)) {
			if (random() < 0.4) continue;
			out[key] = {count: 5, number: 1.25, string: 's', text: 'n', boolean: true, numberOrBoolean: 1, stringOrNumber: 'kprobe', counts: [1, 2], strings: ['/sys/fs/bpf/x'], pids: [{pid: 1, comm: 'c', x: 1}]}[kind];
		}

		if (random() < 0.5) out[pick(Object.keys(out).concat(['unknown_key']))] = value(1);
		// Now and then the same keys in another order (zod reorders, so the fast path must decline).
		if (random() < 0.1) return Object.fromEntries(Object.entries(out).reverse());
		return out;
	};

	const taken = {fast: 0, zod: 0};
	for (let i = 0; i < 4000; i++) {
		const [shape, item, list] = random() < 0.5 ? [programShape, programSchema, programListSchema] as const : [mapShape, mapSchema, mapListSchema] as const;
		const one = random() < 0.7 ? plausible(shape) : value(0);
		taken[agree(shape, item, one, false)]++;
		taken[agree(shape, list, [plausible(shape), one], true)]++;
	}

	assert.ok(taken.fast > 500 && taken.zod > 500, JSON.stringify(taken));
});
