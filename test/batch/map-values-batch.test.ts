import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Backend, Command} from '../../source/backends/backend.js';
import {runBatchMode} from '../../source/batch/batch-mode.js';
import {monitorFromOptions} from '../../source/monitor/from-options.js';
import {virtualClock} from '../../source/clock/clock.js';
import {parseOptions} from '../../source/options.js';
import type {BpfMap} from '../../source/parse/map.js';

const bss: BpfMap = {id: 5, type: 'array', name: 'hello.bss', bytes_key: 4, bytes_value: 4, max_entries: 1, btf_id: 11};
const big: BpfMap = {id: 6, type: 'hash', name: 'big', bytes_key: 4, bytes_value: 8, max_entries: 1_000_000};

/** A backend whose hello.bss counter grows by 100 per refresh; it records what it was asked. */
function fakeBackend(asked: Command[][]): Backend {
	let counter = 0;
	return {
		name: 'bpftool',
		label: 'fake',
		stats: {on: true, how: 'simulated'},
		async run(commands) {
			asked.push([...commands]);
			counter += 100;
			return commands.map(command => {
				const text = command.join(' ');
				if (text === 'prog show') return {command, output: [{id: 10, type: 'xdp', name: 'hello', tag: 't', map_ids: [5]}]};
				if (text === 'map show') return {command, output: [bss, big]};
				if (text === 'map dump id 5') {
					const bytes = [0, 8, 16, 24].map(shift => `0x${((counter >>> shift) & 0xff).toString(16)}`);
					return {command, output: [{key: ['0x00', '0x00', '0x00', '0x00'], value: bytes, formatted: {value: {'.bss': [{counter}]}}}]};
				}

				return {command, output: {error: `unexpected ${text}`}};
			});
		},
		openTrace: () => ({take: () => ({lines: [], dropped: 0}), close: async () => {}}),
		close: async () => {},
	};
}

async function once(mapTarget: BpfMap, asked: Command[][]) {
	const parsed = parseOptions({once: true, json: true, interval: '0.5'});
	assert.ok(parsed.ok);
	let out = '';
	const code = await runBatchMode(monitorFromOptions(parsed.options, {backend: fakeBackend(asked), clock: virtualClock({startWallMs: 0}), mapTarget, batch: true}), parsed.options, {write: text => (out += text), warn: () => {}});
	assert.equal(code, 0);
	return JSON.parse(out) as {map_values: {id: number; status: string; reason?: string; entries: Array<{variable: string; formatted: unknown; delta: number; rate_per_sec: number; value: string[]}>}};
}

test('--once --json --map: map_values has the entries with delta and rate; both samples dump by id', async () => {
	const asked: Command[][] = [];
	const document = await once(bss, asked);
	assert.equal(asked.length, 2);
	for (const commands of asked) assert.deepEqual(commands.at(-1), ['map', 'dump', 'id', '5']);
	assert.equal(document.map_values.id, 5);
	assert.equal(document.map_values.status, 'ok');
	const [counter] = document.map_values.entries;
	assert.equal(counter!.variable, 'counter');
	assert.equal(counter!.formatted, 200);
	assert.deepEqual(counter!.value, ['0xc8', '0x00', '0x00', '0x00']);
	assert.equal(counter!.delta, 100);
	assert.equal(counter!.rate_per_sec, 200);
});

test('a map that can hold a million entries is never dumped; map_values says why', async () => {
	const asked: Command[][] = [];
	const document = await once(big, asked);
	assert.ok(asked.flat().every(command => command[1] !== 'dump'));
	assert.equal(document.map_values.status, 'skipped');
	assert.match(document.map_values.reason ?? '', /can hold 1000000 entries: not dumped/);
	assert.deepEqual(document.map_values.entries, []);
});

test('--once --map without --json prints the value table after the programs (ASCII sparkline)', async () => {
	const parsed = parseOptions({once: true, interval: '0.5'});
	assert.ok(parsed.ok);
	let out = '';
	await runBatchMode(monitorFromOptions(parsed.options, {backend: fakeBackend([]), clock: virtualClock({startWallMs: 0}), mapTarget: bss, batch: true}), parsed.options, {write: text => (out += text), warn: () => {}});
	assert.match(out, /Map 5 hello\.bss \(array\) · key 4 B, value 4 B · 1 variable of max 1 · Δ over 0\.5s/);
	assert.match(out, /VARIABLE VALUE\s+Δ\s+RATE\/s HISTORY \(rate\)\n\s+counter\s+200\s+\+100\s+200\s+@\n/);
});
