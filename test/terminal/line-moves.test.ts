import assert from 'node:assert/strict';
import {test} from 'node:test';
import {applyMove, planMoves} from '../../source/terminal/line-moves.js';

const rows = (...names: string[]) => names;

test('a row that left a sorted table: the rows below it move up one', () => {
	const shown = rows('head', 'a', 'b', 'c', 'd', 'e', 'f', 'g');
	const next = rows('head', 'a', 'c', 'd', 'e', 'f', 'g', 'h');
	const moves = planMoves(shown, next);
	assert.deepEqual(moves, [{top: 2, bottom: 7, by: 1}]);
	assert.deepEqual(applyMove(shown, moves[0]!, ''), rows('head', 'a', 'c', 'd', 'e', 'f', 'g', ''));
});

test('a row that came in: the rows below it move down', () => {
	const shown = rows('head', 'a', 'b', 'c', 'd', 'e', 'f', 'g');
	const next = rows('head', 'new', 'a', 'b', 'c', 'd', 'e', 'f');
	const moves = planMoves(shown, next);
	assert.deepEqual(moves, [{top: 1, bottom: 7, by: -1}]);
	assert.deepEqual(applyMove(shown, moves[0]!, ''), rows('head', '', 'a', 'b', 'c', 'd', 'e', 'f'));
});

test('one row out at the top and one in lower down: two moves, every other row right', () => {
	const shown = rows('h', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'i', 'j', 'k', 'l');
	const next = rows('h', 'b', 'c', 'd', 'e', 'f', 'x', 'g', 'i', 'j', 'k', 'l');
	let current = shown;
	for (const move of planMoves(shown, next)) current = applyMove(current, move, '');
	const wrong = next.filter((line, index) => current[index] !== line);
	assert.deepEqual(wrong, ['x']);
});

test('nothing moved, or too little to be worth it: no moves', () => {
	assert.deepEqual(planMoves(rows('a', 'b', 'c', 'd'), rows('a', 'b', 'c', 'd')), []);
	assert.deepEqual(planMoves(rows('a', 'b', 'c', 'd'), rows('a', 'x', 'y', 'd')), []);
	// Two rows swapped: a move would put one right and break another.
	assert.deepEqual(planMoves(rows('a', 'b', 'c', 'd', 'e'), rows('a', 'c', 'b', 'd', 'e')), []);
});
