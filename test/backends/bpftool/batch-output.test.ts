import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {batchInput} from '../../../source/backends/bpftool/batch-input.js';
import {parseBatchOutput} from '../../../source/backends/bpftool/batch-output.js';

test('a real batch answer parses into one output per command', () => {
	const text = readFileSync(new URL('../../fixtures/bpftool/batch-hello.json', import.meta.url), 'utf8');
	const parsed = parseBatchOutput(text);
	assert.ok(parsed.ok);
	assert.deepEqual(parsed.outputs.map(output => output.command.join(' ')), [
		'prog show',
		'map show',
		'map dump id 5',
		'map dump id 6',
		'prog dump xlated id 10',
		'link show',
		'net show',
	]);
});

test('truncated and malformed JSON give a clear error', () => {
	const truncated = parseBatchOutput('[{"command":["prog","show"],"output":[{"id":1');
	assert.equal(truncated.ok, false);
	assert.match(truncated.ok ? '' : truncated.error, /malformed JSON/);
	const shape = parseBatchOutput('{"error":"x"}');
	assert.equal(shape.ok, false);
	assert.match(shape.ok ? '' : shape.error, /unexpected shape/);
});

test('empty output is an empty batch', () => {
	assert.deepEqual(parseBatchOutput('\n'), {ok: true, outputs: []});
});

test('batch input: one command per line, words checked so nothing can add a command', () => {
	assert.equal(batchInput([['prog', 'show'], ['map', 'dump', 'id', '4']]), 'prog show\nmap dump id 4\n');
	assert.throws(() => batchInput([['map', 'dump', 'name', 'x\nprog load evil']]), /refusing/);
	assert.throws(() => batchInput([['map', 'dump', 'name', 'two words']]), /refusing/);
	assert.throws(() => batchInput([['map', 'dump', 'name', '"quoted"']]), /refusing/);
});
