import assert from 'node:assert/strict';
import {test} from 'node:test';
import {filterRows, moveSelection, nextSort, sortRows} from '../../source/model/table.js';

test('sort is stable and returns a new array', () => {
	const rows = [{n: 2, k: 'a'}, {n: 1, k: 'b'}, {n: 2, k: 'c'}];
	const sorted = sortRows(rows, row => row.n, true);
	assert.deepEqual(sorted.map(row => row.k), ['a', 'c', 'b']);
	assert.notEqual(sorted, rows);
	assert.deepEqual(rows.map(row => row.k), ['a', 'b', 'c']);
	assert.deepEqual(sortRows(rows, row => row.k, false).map(row => row.k), ['a', 'b', 'c']);
});

test('filter matches any text, case-insensitively; empty filter keeps all', () => {
	const rows = [{name: 'hello'}, {name: 'xdp_FW'}];
	assert.deepEqual(filterRows(rows, 'fw', row => [row.name]), [{name: 'xdp_FW'}]);
	assert.equal(filterRows(rows, '  ', row => [row.name]).length, 2);
});

test('next sort cycles through sortable columns in their natural direction', () => {
	const columns = [{id: 'id', sort: 1}, {id: 'name', sort: 1}, {id: 'x'}, {id: 'cpu', sort: 1, descendingFirst: true}];
	assert.deepEqual(nextSort(columns, {column: 'id', descending: false}), {column: 'name', descending: false});
	assert.deepEqual(nextSort(columns, {column: 'name', descending: false}), {column: 'cpu', descending: true});
	assert.deepEqual(nextSort(columns, {column: 'cpu', descending: true}), {column: 'id', descending: false});
});

test('selection moves by key and clamps to the table', () => {
	const keys = ['1', '2', '3'];
	assert.equal(moveSelection(keys, '1', 1), '2');
	assert.equal(moveSelection(keys, '3', 5), '3');
	assert.equal(moveSelection(keys, '2', -9), '1');
	assert.equal(moveSelection(keys, 'gone', 1), '1');
	assert.equal(moveSelection([], '1', 1), undefined);
});
