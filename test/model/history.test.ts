import assert from 'node:assert/strict';
import {test} from 'node:test';
import {History, historyLength, pushHistory} from '../../source/model/history.js';

/** What a history must show: the last `max` values pushed, oldest first. */
const naive = (values: readonly number[], max: number) => values.slice(Math.max(0, values.length - max));

test('a history keeps the last values, oldest first, however many are pushed', () => {
	let history = History.empty;
	const pushed: number[] = [];
	for (let i = 0; i < 1000; i++) {
		history = history.push(i * 1.5, 7);
		pushed.push(i * 1.5);
		assert.deepEqual(history.values(), naive(pushed, 7));
		assert.equal(history.length, Math.min(pushed.length, 7));
	}
});

test('an older history still shows what it showed after newer ones were pushed from it, or from itself again', () => {
	const a = History.empty.push(1, 4).push(2, 4);
	const b = a.push(3, 4);
	const c = b.push(4, 4).push(5, 4);
	// Pushing again from an older version (a branch) must not disturb the newer ones.
	const branch = a.push(30, 4).push(40, 4);
	assert.deepEqual(a.values(), [1, 2]);
	assert.deepEqual(b.values(), [1, 2, 3]);
	assert.deepEqual(c.values(), [2, 3, 4, 5]);
	assert.deepEqual(branch.values(), [1, 2, 30, 40]);
	assert.deepEqual(c.push(6, 4).values(), [3, 4, 5, 6]);
	assert.deepEqual(History.empty.values(), []);
	assert.deepEqual(History.empty.push(9, 4).values(), [9]);
	assert.deepEqual(History.empty.values(), []);
});

test('pushHistory adds one value per id, drops ids that vanished and starts new ones afresh', () => {
	// Items are [id, value] pairs here; the model passes its program rows.
	const push = (previous: Map<number, History>, items: Array<[number, number]>) => pushHistory(previous, items, ([id]) => id, ([, value]) => value);
	const first = push(new Map(), [[1, 10], [2, 20]]);
	const second = push(first, [[2, 21], [3, 30]]);
	assert.deepEqual([...second.keys()], [2, 3]);
	assert.deepEqual(second.get(2)!.values(), [20, 21]);
	assert.deepEqual(second.get(3)!.values(), [30]);
	// The first map is untouched.
	assert.deepEqual(first.get(2)!.values(), [20]);
	let many = second;
	for (let i = 0; i < historyLength + 5; i++) many = push(many, [[2, i]]);
	assert.equal(many.get(2)!.length, historyLength);
	assert.equal(many.get(2)!.values().at(-1), historyLength + 4);
});
