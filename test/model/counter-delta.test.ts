import assert from 'node:assert/strict';
import {test} from 'node:test';
import {counterDelta, ratePerSec} from '../../source/model/counter-delta.js';

const n = (number: number) => ({number});
const x = (exact: bigint) => ({number: Number(exact), exact});

test('a counter that grew moves by the difference', () => {
	assert.equal(counterDelta(n(10), n(25), 32), 15);
	assert.equal(counterDelta(x(10n), x(25n), 64), 15);
});

test('a u32 counter that wrapped moves forward through the top', () => {
	assert.equal(counterDelta(n(0xffff_fff0), n(0x10), 32), 0x20);
	assert.equal(counterDelta(x(0xffff_fff0n), x(0x10n), 32), 0x20);
});

test('a u64 counter near 2^64 wraps exactly (beyond the precision of a double)', () => {
	assert.equal(counterDelta(x(2n ** 64n - 16n), x(16n), 64), 32);
});

test('a gauge that went down is a negative delta, not a wrap', () => {
	assert.equal(counterDelta(n(100), n(90), 32), -10);
	assert.equal(counterDelta(x(100n), x(90n), 64), -10);
	// Without a known width there is no wrap at all.
	assert.equal(counterDelta(n(0xffff_fff0), n(0x10)), 0x10 - 0xffff_fff0);
	// Signed values are not wrapped either.
	assert.equal(counterDelta(n(5), n(-3), 32), -8);
});

test('no previous reading, no delta; rates need an interval', () => {
	assert.equal(counterDelta(undefined, n(1), 32), undefined);
	assert.equal(ratePerSec(10, 0.5), 20);
	assert.equal(ratePerSec(10, 0), undefined);
	assert.equal(ratePerSec(undefined, 1), undefined);
});
