import assert from 'node:assert/strict';
import {test} from 'node:test';
import {batchRequest, frameReader} from '../../../source/backends/ssh/batch-frames.js';

const token = 'bpftop-ts-0123abcd';
const frame = (stdout: string, status: number, stderr: string) => `${stdout}\n${token} ${status}\n${stderr}\n${token} end\n`;

test('answers are split at the token, whatever the chunks', () => {
	const text = frame('[{"command":["prog","show"],"output":[]}]\n', 0, '') + frame('[]\n', 255, 'Error: bad\nmore');
	for (const size of [1, 3, 7, 1000]) {
		const reader = frameReader(token);
		const answers = [];
		for (let at = 0; at < text.length; at += size) answers.push(...reader.push(text.slice(at, at + size)));
		assert.deepEqual(answers, [
			{stdout: '[{"command":["prog","show"],"output":[]}]\n', status: 0, stderr: ''},
			{stdout: '[]\n', status: 255, stderr: 'Error: bad\nmore'},
		]);
		assert.equal(reader.pending, 0);
	}
});

test("kernel text holding another session's token, or this token's prefix, does not end an answer", () => {
	const reader = frameReader(token);
	const stdout = `[{"name":"x\\nbpftop-ts-ffff 0\\n","pinned":"${token}"}]\n`;
	assert.deepEqual(reader.push(stdout), []);
	assert.deepEqual(reader.push(`\n${token} 0\n\n${token} end\n`), [{stdout, status: 0, stderr: ''}]);
});

test('a request is a count line, then the command lines', () => {
	assert.equal(batchRequest('prog show\nmap show\n', false), 'batch 2\nprog show\nmap show\n');
	assert.equal(batchRequest('prog show\n', true), 'batch 1 -f\nprog show\n');
});
