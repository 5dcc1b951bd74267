// bpftool's JSON with raw control characters inside strings: read exactly, without losing the
// other objects. The writer below escapes as bpftool's json_writer does (quotes, backslashes,
// \b \f \n \r \t) and writes every other byte raw.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {escapeControlsInStrings, parseJsonTolerant} from '../../source/parse/tolerant-json.js';
import {parseBatchOutput} from '../../source/backends/bpftool/batch-output.js';

function bpftoolString(text: string): string {
	const escapes: Record<string, string> = {'"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t'};
	return `"${[...text].map(character => escapes[character] ?? character).join('')}"`;
}

function bpftoolJson(value: unknown): string {
	if (typeof value === 'string') return bpftoolString(value);
	if (Array.isArray(value)) return `[${value.map(bpftoolJson).join(',')}]`;
	if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([key, item]) => `${bpftoolString(key)}:${bpftoolJson(item)}`).join(',')}}`;
	return JSON.stringify(value);
}

/** A deterministic generator, so a failure repeats. */
function random(seed: number) {
	let state = seed;
	return () => {
		state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
		return state / 2 ** 31;
	};
}

function randomText(next: () => number): string {
	const pool = ['a', 'Z', '/', ' ', '"', '\\', '\u001b', '\u0000', '\u0007', '\n', '\t', '\u007f', '[', ']', '{', '}', ',', ':', 'é', '\u202e'];
	return Array.from({length: Math.floor(next() * 12)}, () => pool[Math.floor(next() * pool.length)]).join('');
}

test('property: any string bpftool writes raw reads back exactly, with its neighbours', () => {
	const next = random(7);
	for (let round = 0; round < 2000; round++) {
		const value = [
			{id: round, name: randomText(next), pinned: [randomText(next), randomText(next)], tag: 'abc'},
			{id: round + 1, devname: randomText(next), nested: {path: randomText(next)}},
		];
		assert.deepEqual(parseJsonTolerant(bpftoolJson(value)), value, JSON.stringify(value));
	}
});

test('valid JSON is left alone; outside strings nothing is touched', () => {
	assert.equal(escapeControlsInStrings('{"a": "b\\\\", "c": [1, 2]}\n'), '{"a": "b\\\\", "c": [1, 2]}\n');
	assert.deepEqual(parseJsonTolerant('{"a":"x\u001b[31my"}'), {a: 'x\u001b[31my'});
	assert.throws(() => parseJsonTolerant('{"a": nope}'));
});

test('a batch whose prog show holds a pinned path with an escape keeps every program', () => {
	const stdout = `[{"command":["prog","show"],"output":[{"id":1,"name":"a","pinned":["/sys/fs/bpf/x\u001b[2Jy"]},{"id":2,"name":"b"}]},{"command":["net","show"],"output":[{"xdp":[{"devname":"e\u001bx","ifindex":3,"mode":"generic","id":1}],"tc":[],"flow_dissector":[]}]}]`;
	const parsed = parseBatchOutput(stdout);
	assert.ok(parsed.ok);
	assert.equal((parsed.outputs[0]!.output as unknown[]).length, 2);
	assert.deepEqual((parsed.outputs[0]!.output as Array<{pinned?: string[]}>)[0]!.pinned, ['/sys/fs/bpf/x\u001b[2Jy']);
	assert.equal((parsed.outputs[1]!.output as Array<{xdp: Array<{devname: string}>}>)[0]!.xdp[0]!.devname, 'e\u001bx');
});
