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

test('rows out at some places and in at others: each run of rows that kept their order moves once', () => {
	// A table sorted by rate: the hot rows on top are new, the idle rows below keep their order.
	const idle = Array.from({length: 20}, (_, index) => `idle ${index}`);
	const shown = ['hot a', 'hot b', ...idle];
	const next = ['hot c', 'hot d', idle[0]!, ...idle.slice(3, 9), 'hot a', ...idle.slice(9, 14), 'hot b', 'new e', ...idle.slice(14, 19)];
	const moves = planMoves(shown, next);
	let current = shown;
	for (const move of moves) current = applyMove(current, move, '');
	const wrong = next.filter((line, index) => current[index] !== line);
	// Only the rows that are new where they stand are left to write.
	assert.deepEqual(wrong.sort(), ['hot a', 'hot b', 'hot c', 'hot d', 'new e']);
	assert.ok(moves.some(move => move.by > 0) && moves.some(move => move.by < 0), JSON.stringify(moves));
});

test('runs moving down are moved bottom first and runs moving up top first: no move loses rows a later one takes', () => {
	const check = (shown: string[], next: string[], fresh: string[]) => {
		let current = shown;
		for (const move of planMoves(shown, next)) current = applyMove(current, move, '');
		assert.deepEqual(next.filter((line, index) => current[index] !== line).sort(), fresh, JSON.stringify(planMoves(shown, next)));
	};

	check(rows('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), rows('x', 'a', 'b', 'y', 'c', 'd', 'e', 'f'), ['x', 'y']);
	check(rows('x', 'a', 'b', 'y', 'c', 'd', 'e', 'f'), rows('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), ['g', 'h']);
});
