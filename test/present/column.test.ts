import assert from 'node:assert/strict';
import {test} from 'node:test';
import stringWidth from 'string-width';
import {allocateWidths, fit, layoutColumns, tableLines, type Column, type ColumnNeed} from '../../source/present/column.js';

test('fit pads and cuts ASCII to exact widths', () => {
	assert.equal(fit('abc', 5), 'abc  ');
	assert.equal(fit('abc', 5, 'right'), '  abc');
	assert.equal(fit('abcdef', 4), 'abc…');
	assert.equal(fit('abc', 1), '…');
	assert.equal(fit('abc', 0), '');
});

test('wide and combining characters are measured in cells, so a row never wraps', () => {
	for (const text of ['漢字😀'.repeat(20), 'e\u0301'.repeat(30), 'ab漢', '😀x', 'é😀漢字abc']) {
		for (const width of [1, 2, 3, 4, 5, 10, 41]) {
			const out = fit(text, width);
			assert.equal(stringWidth(out), width, `${JSON.stringify(text)} at ${width}: ${JSON.stringify(out)}`);
		}
	}

	assert.equal(fit('漢字', 4), '漢字');
	assert.equal(fit('漢字漢', 4), '漢… ');
	assert.equal(fit('e\u0301', 3), 'e\u0301  ');
});

const need = (natural: number, priority: number, extra: Partial<ColumnNeed> = {}): ColumnNeed => ({min: natural, natural, full: natural, priority, ...extra});

test('allocateWidths: every column at its need when it fits; the rest is left over, not spread', () => {
	assert.deepEqual(allocateWidths([need(4, 70), need(13, 100), need(7, 95)], 80), [4, 13, 7]);
});

test('allocateWidths: a narrow terminal loses the least important columns first, whatever their place', () => {
	const needs = [need(4, 70), need(14, 60), need(13, 100), need(16, 20), need(8, 90), need(7, 85), need(7, 95), need(6, 40)];
	// 4 14 13 16 8 7 7 6 and 7 gaps = 82.
	assert.deepEqual(allocateWidths(needs, 82), [4, 14, 13, 16, 8, 7, 7, 6]);
	assert.deepEqual(allocateWidths(needs, 81), [4, 14, 13, undefined, 8, 7, 7, 6], 'the tag (20) goes first');
	assert.deepEqual(allocateWidths(needs, 60), [4, 14, 13, undefined, 8, 7, 7, undefined], 'then RUNS (40)');
	assert.deepEqual(allocateWidths(needs, 43), [4, undefined, 13, undefined, 8, 7, 7, undefined], 'then TYPE (60)');
	assert.deepEqual(allocateWidths(needs, 42), [undefined, undefined, 13, undefined, 8, 7, 7, undefined], 'then ID (70)');
	assert.deepEqual(allocateWidths(needs, 22), [undefined, undefined, 13, undefined, undefined, undefined, 7, undefined], 'the name and the top figure last');
});

test('allocateWidths: never a less important column while a more important one is out', () => {
	const needs = [need(20, 90), need(30, 80), need(2, 10)];
	// The 30-wide column does not fit in 40; the 2-wide one would, but it is less important.
	assert.deepEqual(allocateWidths(needs, 40), [20, undefined, undefined]);
});

test('allocateWidths: figures are never cut; the next text column is shown cut down to its minimum', () => {
	const figure = need(9, 80);
	assert.deepEqual(allocateWidths([need(10, 100), figure], 15), [10, undefined], 'no room for the whole figure: left out');
	const text = need(20, 80, {min: 6});
	assert.deepEqual(allocateWidths([need(10, 100), text], 25), [10, 14], 'text shown cut to what is left');
	assert.deepEqual(allocateWidths([need(10, 100), text], 16), [10, undefined], 'but not below its minimum');
	assert.deepEqual(allocateWidths([need(10, 100), text], 17), [10, 6]);
});

test('allocateWidths: the sort column stays longest (an infinite priority)', () => {
	const needs = [need(13, 100), need(6, 40), need(7, 95)];
	assert.deepEqual(allocateWidths(needs, 21), [13, undefined, 7]);
	assert.deepEqual(allocateWidths([need(13, 100), need(6, Number.POSITIVE_INFINITY), need(7, 95)], 21), [13, 6, undefined]);
});

test('allocateWidths: spare room widens capped text toward its longest value, then fill columns up to their widest', () => {
	const name = need(16, 100, {min: 8, full: 40});
	const holders = need(24, 30, {min: 8, full: 60});
	const history = need(14, 20, {fill: true, full: 60});
	// 16 + 24 + 14 + 2 gaps = 56; 30 spare goes to the name first (24 more), then the holders.
	assert.deepEqual(allocateWidths([name, holders, history], 86), [40, 30, 14]);
	// Everything at its longest: the fill column takes the rest, up to its widest; past that the room stays empty.
	assert.deepEqual(allocateWidths([name, holders, history], 130), [40, 60, 28]);
	assert.deepEqual(allocateWidths([name, holders, history], 300), [40, 60, 60]);
});

test('allocateWidths: a first column wider than everything is shown cut rather than nothing', () => {
	assert.deepEqual(allocateWidths([need(50, 100)], 40), [40]);
});

test('layoutColumns: text as wide as its longest value up to its cap, figures as their widest, numbers whole', () => {
	type Row = {name: string; runs: string};
	const columns: Array<Column<Row>> = [
		{id: 'name', header: 'NAME', width: 8, maxWidth: 16, priority: 100, value: row => row.name},
		{id: 'runs', header: 'RUNS', width: 4, numeric: true, priority: 50, value: row => row.runs},
	];
	const rows = [{name: 'hello', runs: '12'}, {name: 'tc_ingress', runs: '1234567'}];
	assert.deepEqual(tableLines(columns, rows, 120), {header: 'NAME          RUNS', rows: ['hello           12', 'tc_ingress 1234567']});
	// A 200-column terminal does not give a 10-character name 180 columns.
	assert.deepEqual(layoutColumns(columns, rows, 200).widths, [10, 7]);
	const long = [...rows, {name: 'a_very_long_program_name_indeed', runs: '1'}];
	assert.deepEqual(layoutColumns(columns, long, 24).widths, [16, 7], 'capped while room is short');
	assert.deepEqual(layoutColumns(columns, long, 60).widths, [31, 7], 'the whole name when there is room');
	assert.equal(tableLines(columns, long, 24).rows[2], 'a_very_long_pro…       1');
	// Too narrow for the figure: the column goes, its digits are never cut.
	assert.deepEqual(tableLines(columns, rows, 12), {header: 'NAME      ', rows: ['hello     ', 'tc_ingress']});
	// Sorted by RUNS, it stays and the name is cut (to no less than its minimum, 8).
	assert.deepEqual(layoutColumns(columns, rows, 12, {sortColumn: 'runs'}).columns.map(column => column.id), ['runs']);
	assert.deepEqual(layoutColumns(columns, rows, 16, {sortColumn: 'runs'}).widths, [8, 7]);
});

test('layoutColumns: figures are measured on the rows drawn, text on every row, so scrolling does not move text columns', () => {
	type Row = {name: string; value: string};
	const columns: Array<Column<Row>> = [
		{id: 'name', header: 'N', width: 1, maxWidth: 30, value: row => row.name},
		{id: 'value', header: 'V', width: 1, numeric: true, value: row => row.value},
	];
	const rows = [{name: 'short', value: '1'}, {name: 'much_longer_name', value: '123456'}];
	assert.deepEqual(layoutColumns(columns, rows, 80, {shown: rows.slice(0, 1)}).widths, [16, 1]);
});
