import assert from 'node:assert/strict';
import {test} from 'node:test';
import {rankOf, topRows, windowRows} from '../../source/model/top-rows.js';

let seed = 3;
const random = () => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);

test('top, windows and ranks agree with a full sort (with ties, NaN and a filter)', () => {
	for (const n of [0, 1, 7, 100, 5000]) {
		const values = Float64Array.from({length: n}, () => (random() < 0.1 ? Number.NaN : Math.floor(random() * 50)));
		const compare = (a: number, b: number) => {
			const x = Number.isNaN(values[a]!) ? Number.NEGATIVE_INFINITY : values[a]!;
			const y = Number.isNaN(values[b]!) ? Number.NEGATIVE_INFINITY : values[b]!;
			return y - x || a - b;
		};
		const include = (row: number) => row % 5 !== 0;
		const sorted = [...Array(n).keys()].filter(include).sort(compare);
		assert.deepEqual([...topRows(n, 10, compare, include)], sorted.slice(0, 10));
		for (const from of [0, 3, Math.floor(sorted.length / 2), sorted.length - 5, sorted.length - 1]) {
			if (from < 0) continue;
			assert.deepEqual([...windowRows(n, from, 4, compare, include)], sorted.slice(from, from + 4), `n ${n} from ${from}`);
		}

		for (const row of sorted.slice(0, 20)) assert.equal(rankOf(n, row, compare, include), sorted.indexOf(row));
	}
});
