import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Histories, History, historyLength} from '../../source/model/history.js';

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

test('Histories: one value per id and push, ids that vanished dropped, new ones started afresh', () => {
	// Items are [id, value] pairs here; the model passes its program rows.
	const push = (previous: Histories, items: Array<[number, number]>) => previous.push(items, ([id]) => id, ([, value]) => value);
	const first = push(Histories.empty, [[1, 10], [2, 20]]);
	const second = push(first, [[2, 21], [3, 30]]);
	assert.equal(second.size, 2);
	assert.equal(second.get(1), undefined);
	assert.deepEqual(second.get(2)!.values(), [20, 21]);
	assert.deepEqual(second.get(3)!.values(), [30]);
	// The first version still shows what it showed.
	assert.deepEqual(first.get(2)!.values(), [20]);
	assert.deepEqual(first.get(1)!.values(), [10]);
	// An id that comes back after it vanished starts afresh.
	assert.deepEqual(push(second, [[1, 11]]).get(1)!.values(), [11]);
	assert.equal(Histories.empty.size, 0);
});

test('Histories keep the last historyLength values however many are pushed; older versions and branches stay as they were', () => {
	const push = (previous: Histories, value: number) => previous.push([value], () => 7, item => item);
	const versions = [Histories.empty];
	const pushed: number[] = [];
	for (let i = 0; i < 5 * historyLength; i++) {
		versions.push(push(versions.at(-1)!, i));
		pushed.push(i);
		assert.deepEqual(versions.at(-1)!.get(7)!.values(), naive(pushed, historyLength));
		assert.equal(versions.at(-1)!.get(7)!.length, Math.min(pushed.length, historyLength));
	}

	// A version a few refreshes old reads its own window.
	assert.deepEqual(versions.at(-4)!.get(7)!.values(), naive(pushed.slice(0, -3), historyLength));
	// Pushing from it (a branch) leaves the newest as it was.
	const newest = versions.at(-1)!.get(7)!.values();
	const branch = push(versions.at(-4)!, -1);
	assert.deepEqual(branch.get(7)!.values(), naive([...pushed.slice(0, -3), -1], historyLength));
	assert.deepEqual(versions.at(-1)!.get(7)!.values(), newest);
	assert.deepEqual(push(versions.at(-1)!, -2).get(7)!.values(), naive([...pushed, -2], historyLength));
});
