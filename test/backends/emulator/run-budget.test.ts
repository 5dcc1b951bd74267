import {test} from 'node:test';
import assert from 'node:assert/strict';
import {fairLevel, RunCredit, share} from '../../../source/backends/emulator/kernel/run-budget.js';

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

test('the fair level: everything when it fits, else quiet attachments whole and busy ones cut to one level', () => {
	assert.equal(fairLevel([3, 5, 40], [0, 0, 0], 100), Number.POSITIVE_INFINITY);
	// 3 + 5 + L ≤ 20 → L = 12; at 13 it would not fit.
	assert.equal(fairLevel([3, 5, 40], [0, 0, 0], 20), 12);
	assert.equal(fairLevel([10, 10, 10], [0, 0, 0], 2), 0);
	// Floors are granted even when they overspend.
	assert.equal(fairLevel([4, 4, 4], [1, 1, 1], 2), 0);
});

test('share: the credit the level leaves goes one run each, in turn, and the turn moves on', () => {
	const admitted: number[] = [];
	let turn = share([3, 5, 40], [0, 0, 0], 21, 0, admitted);
	// Level 12 uses 20; the one run left goes to the only attachment with more to run.
	assert.deepEqual(admitted, [3, 5, 13]);
	// Less credit than attachments: nobody is starved over successive catch-ups.
	const seen = [0, 0, 0, 0, 0];
	turn = 0;
	for (let round = 0; round < 5; round++) {
		turn = share([9, 9, 9, 9, 9], [0, 0, 0, 0, 0], 2, turn, admitted);
		assert.equal(sum(admitted), 2);
		admitted.forEach((runs, i) => {
			seen[i]! += runs;
		});
	}

	assert.deepEqual(seen, [2, 2, 2, 2, 2]);
});

test('the credit grows with simulated time up to two seconds\' worth; spending below zero is repaid', () => {
	const credit = new RunCredit(100);
	assert.equal(credit.accrue(0), 100);
	assert.equal(credit.accrue(5), 200);
	credit.spend(250);
	assert.equal(credit.accrue(1), 50);
	// A smaller warm-up credit, then the same growth.
	const small = new RunCredit(100, 10);
	assert.equal(small.accrue(0), 10);
	assert.equal(small.accrue(1), 110);
});
