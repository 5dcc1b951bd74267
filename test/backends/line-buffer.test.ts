import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createLineBuffer} from '../../source/backends/line-buffer.js';

test('whole lines only, a character split across reads kept, empty lines dropped', () => {
	const buffer = createLineBuffer(100, 1000);
	const bytes = Buffer.from('one\n\ntw\u00e9\nthr');
	buffer.feed(bytes.subarray(0, 9));
	buffer.feed(bytes.subarray(9));
	assert.deepEqual(buffer.take(), {lines: ['one', 'tw\u00e9'], dropped: 0, skipped: 0});
	buffer.feed(Buffer.from('ee\n'));
	assert.deepEqual(buffer.take().lines, ['three']);
});

test('more lines than kept between two takes: the newest stay, the others are counted as skipped', () => {
	const buffer = createLineBuffer(3, 1000);
	buffer.feed(Buffer.from(Array.from({length: 10}, (_, index) => `l${index}\n`).join('')));
	assert.deepEqual(buffer.take(), {lines: ['l7', 'l8', 'l9'], dropped: 0, skipped: 7});
	assert.deepEqual(buffer.take(), {lines: [], dropped: 0, skipped: 0});
});

test('a line without an end is cut at the limit', () => {
	const buffer = createLineBuffer(10, 4);
	buffer.feed(Buffer.from('abcdefgh'));
	assert.deepEqual(buffer.take().lines, ['abcd']);
});
