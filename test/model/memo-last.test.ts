import assert from 'node:assert/strict';
import {test} from 'node:test';
import {memoLast} from '../../source/model/memo-last.js';

test('the same arguments reuse the last result; other arguments compute again', () => {
	let calls = 0;
	const double = memoLast((values: readonly number[], factor: number) => {
		calls++;
		return values.map(value => value * factor);
	});
	const values = [1, 2];
	const first = double(values, 2);
	assert.equal(double(values, 2), first);
	assert.equal(calls, 1);
	assert.deepEqual(double(values, 3), [3, 6]);
	assert.deepEqual(double([1, 2], 3), [3, 6], 'a new array is a new argument');
	assert.equal(calls, 3);
});
