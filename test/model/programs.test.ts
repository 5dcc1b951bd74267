import assert from 'node:assert/strict';
import {test} from 'node:test';
import {programRows} from '../../source/model/programs.js';
import type {Program} from '../../source/parse/program.js';
import type {Snapshot} from '../../source/snapshot/snapshot.js';

const snapshot = (timeNs: bigint, programs: Program[]): Snapshot => ({timeNs, wallMs: 0, programs, maps: [], problems: []});

test('a program that did not run keeps its row object; one that ran gets a new row', () => {
	const idle: Program = {id: 1, type: 'xdp', name: 'idle', tag: 'a', run_cnt: 5, run_time_ns: 50};
	const busy1: Program = {id: 2, type: 'xdp', name: 'busy', tag: 'b', run_cnt: 5, run_time_ns: 50};
	const first = snapshot(0n, [idle, busy1]);
	const second = snapshot(1_000_000_000n, [idle, busy1]);
	const rows1 = programRows(first, second);
	const busy2: Program = {...busy1, run_cnt: 15, run_time_ns: 150};
	const third = snapshot(2_000_000_000n, [idle, busy2]);
	const rows2 = programRows(second, third, rows1);
	assert.equal(rows2[0], rows1[0], 'idle: the same row');
	assert.notEqual(rows2[1], rows1[1]);
	assert.equal(rows2[1]!.stats.eventsPerSec, 10);
	// An equal copy of a program (the emulator answers afresh each time) is a new row with equal figures.
	const rows3 = programRows(third, snapshot(3_000_000_000n, [{...idle}, busy2]), rows2);
	assert.notEqual(rows3[0], rows2[0]);
	assert.deepEqual(rows3[0], rows2[0]);
	// It stops running: zero figures, a new row (the figures it shows changed).
	assert.equal(rows3[1]!.stats.eventsPerSec, 0);
	assert.notEqual(rows3[1], rows2[1]);
});
