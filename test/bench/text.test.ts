import assert from 'node:assert/strict';
import {test} from 'node:test';
import {formatNumber, formatRatio, lastLine, ratio, stripAnsi} from '../../bench/text.js';

test('stripAnsi removes CSI, OSC and control characters', () => {
	assert.equal(stripAnsi('\u001b[1;32mhi\u001b[0m \u001b]0;title\u0007there\r'), 'hi there');
});

test('lastLine is the last non-empty plain line', () => {
	assert.equal(lastLine('\u001b[2Jfirst\r\nbpftop-ts: unknown option --seed (see --help)\r\n\r\n'), 'bpftop-ts: unknown option --seed (see --help)');
	assert.equal(lastLine(''), '');
});

test('ratio divides only by a positive reference', () => {
	assert.equal(ratio(10, 4), 2.5);
	assert.equal(ratio(10, 0), undefined);
	assert.equal(ratio(undefined, 4), undefined);
	assert.equal(formatRatio(2.5), '2.50×');
	assert.equal(formatRatio(29.64), '29.6×');
	assert.equal(formatRatio(undefined), '–');
});

test('formatNumber keeps about three significant digits', () => {
	assert.deepEqual([0.1234, 1.234, 12.34, 1234.5].map(formatNumber), ['0.123', '1.23', '12.3', '1235']);
	assert.equal(formatNumber(Number.NaN), '–');
});
