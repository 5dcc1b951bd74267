import assert from 'node:assert/strict';
import {test} from 'node:test';
import {safeJson} from '../../source/batch/safe-json.js';
import {traceJson, traceText} from '../../source/batch/trace-output.js';

const evil = '\u001b[31mred\u001b]0;pwned\u0007\u009b2J\u202e\r';
const line = `         python3-3383    [001] ..s21   243.925586: bpf_trace_printk: ${evil}`;

test('trace JSON: parsed fields, the raw message, lost events counted', () => {
	const json = traceJson({lines: [line, 'CPU:1 [LOST 4 EVENTS]'], dropped: 2});
	assert.deepEqual(json['trace'], [
		{time: 243.925586, task: 'python3', pid: 3383, cpu: 1, flags: '..s21', function: 'bpf_trace_printk', message: evil},
		{time: null, task: null, pid: null, cpu: 1, flags: null, function: null, message: 'CPU:1 [LOST 4 EVENTS]'},
	]);
	assert.equal(json['trace_dropped'], 6);
	assert.equal('trace_error' in json, false);
	assert.equal(traceJson({lines: [], dropped: 0, error: 'tracefs is not mounted'})['trace_error'], 'tracefs is not mounted');
});

test('safeJson leaves no control character in the output, and parses back to the exact text', () => {
	const text = safeJson(traceJson({lines: [line], dropped: 0}));
	assert.ok(!/[\u0000-\u001f\u007f-\u009f\u202e]/.test(text), text);
	assert.ok(text.includes('\\u009b2J'));
	const parsed = JSON.parse(text) as {trace: Array<{message: string}>};
	assert.equal(parsed.trace[0]!.message, evil);
});

test('trace text for a pipe is sanitised', () => {
	const text = traceText({lines: [line], dropped: 0});
	assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/.test(text), text);
	assert.match(text, /243\.925586 \[1\] python3-3383 \\e\[31mred/);
});
