import assert from 'node:assert/strict';
import {test} from 'node:test';
import {formatBytes, formatCount, formatNs, formatPercent, formatRate, shownPercent} from '../../source/model/format.js';

test('counts: exact below 1000, then SI steps with three significant digits', () => {
	const cases: Array<[number, string]> = [
		[0, '0'], [999, '999'], [12.34, '12.3'], [1000, '1.00k'], [1234, '1.23k'], [12_345, '12.3k'], [123_456, '123k'],
		[999_400, '999k'], [999_600, '1.00M'], [4_560_000, '4.56M'], [7.8e9, '7.80G'], [-1500, '-1.50k'], [Number.NaN, '-'],
	];
	for (const [value, text] of cases) assert.equal(formatCount(value), text, String(value));
});

test('bytes: the same three significant digits in binary steps', () => {
	const cases: Array<[number, string]> = [
		[0, '0B'], [96, '96B'], [1023, '1023B'], [1024, '1.00K'], [4096, '4.00K'], [8192, '8.00K'], [12_288, '12.0K'], [131_072, '128K'],
		[1_023_999, '0.98M'], [1_048_576, '1.00M'], [5 * 1024 ** 3, '5.00G'],
	];
	for (const [value, text] of cases) assert.equal(formatBytes(value), text, String(value));
});

test('rates: one decimal below 10 per second, then counts', () => {
	assert.equal(formatRate(0), '0');
	assert.equal(formatRate(9.14), '9.1');
	assert.equal(formatRate(39.4), '39');
	assert.equal(formatRate(12_345), '12.3k');
});

test('run times', () => {
	assert.equal(formatNs(0), '0');
	assert.equal(formatNs(58.4), '58ns');
	assert.equal(formatNs(1261.3), '1.26µs');
	assert.equal(formatNs(25_000), '25.0µs');
	assert.equal(formatNs(3_400_000), '3.40ms');
});

test('CPU %: two significant digits however small, so idle programs still rank', () => {
	const cases: Array<[number, string]> = [
		[0, '0'], [42.17, '42.2'], [1.234, '1.23'], [0.5, '0.50'], [0.0245, '0.025'], [0.003_14, '0.0031'],
		[0.000_85, '0.00085'], [0.000_23, '0.00023'], [0.000_024, '0.000024'], [0.000_000_4, '<0.000001'],
	];
	for (const [value, text] of cases) assert.equal(formatPercent(value), text, String(value));
	// The emulator's default scenario: every program a figure of its own, in the right order.
	const shares = [0.000_85, 0.000_77, 0.000_57, 0.000_32, 0.000_23, 0.000_17, 0.000_1, 0.000_024];
	const shown = shares.map(formatPercent);
	assert.equal(new Set(shown).size, shares.length);
	assert.deepEqual([...shares].sort((a, b) => shownPercent(b) - shownPercent(a)), shares);
	// Sorting uses the shown figure: jitter below it ties.
	assert.equal(shownPercent(0.000_851), shownPercent(0.000_849));
});
