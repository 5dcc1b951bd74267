import assert from 'node:assert/strict';
import {test} from 'node:test';
import {csvColumnsFrom, csvField, csvLine, csvTable} from '../../source/batch/csv.js';
import {programsCsv} from '../../source/batch/csv-tables.js';
import type {Column} from '../../source/present/column.js';
import {advanceModel} from '../../source/model/model.js';
import type {Snapshot} from '../../source/snapshot/snapshot.js';

test('fields are quoted only when they must be, quotes doubled', () => {
	assert.equal(csvField('plain'), 'plain');
	assert.equal(csvField('a,b'), '"a,b"');
	assert.equal(csvField('say "hi"'), '"say ""hi"""');
	assert.equal(csvField('two\nlines'), '"two\nlines"');
	assert.equal(csvField(' padded'), '" padded"');
	assert.equal(csvField(12.5), '12.5');
	assert.equal(csvField(undefined), '');
	assert.equal(csvField(Number.NaN), '');
	assert.equal(csvLine(['a', 1, undefined]), 'a,1,\n');
});

type Row = {readonly name: string; readonly rate: number};
const columns: ReadonlyArray<Column<Row>> = [
	{id: 'name', header: 'NAME', width: 10, value: row => row.name, sort: row => row.name},
	{id: 'rate', header: 'RATE/S', width: 8, align: 'right', value: row => `${(row.rate / 1000).toFixed(1)}k`, sort: row => row.rate},
];

test('CSV columns derived from a view: exact numbers, not the shown "1.2k"', () => {
	const table = csvTable(csvColumnsFrom(columns), () => [{name: 'x', rate: 1234}]);
	assert.deepEqual(table.header, ['name', 'rate']);
	assert.deepEqual(table.rows(undefined as never), [['x', 1234]]);
});

test('programs CSV: one row per program, kernel text sanitised', () => {
	const program = (id: number, name: string, runCnt: number, runTimeNs: number) => ({id, type: 'xdp', name, tag: 'ab', run_cnt: runCnt, run_time_ns: runTimeNs});
	const snapshot = (timeNs: bigint, programs: ReturnType<typeof program>[]) => ({timeNs, wallMs: 0, programs, maps: [], problems: []}) as unknown as Snapshot;
	const first = advanceModel(undefined, snapshot(0n, [program(1, 'a', 0, 0), program(2, 'evil\u001B[31m', 0, 0)]));
	const model = advanceModel(first, snapshot(1_000_000_000n, [program(1, 'a', 10, 1000), program(2, 'evil\u001B[31m', 0, 0)]));
	assert.equal(programsCsv.header.join(','), 'id,type,name,tag,run_cnt,run_time_ns,events_per_sec,avg_runtime_ns,cpu_percent,process');
	const rows = programsCsv.rows(model);
	assert.equal(rows.length, 2);
	assert.deepEqual(rows[0], [1, 'xdp', 'a', 'ab', 10, 1000, 10, 100, 0.0001, '']);
	assert.equal(rows[1]![2], 'evil\\e[31m');
});
