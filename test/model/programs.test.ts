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
	const rows1 = programRows({snapshot: first, programs: programRows(undefined, first)}, second);
	const busy2: Program = {...busy1, run_cnt: 15, run_time_ns: 150};
	const third = snapshot(2_000_000_000n, [idle, busy2]);
	const rows2 = programRows({snapshot: second, programs: rows1}, third);
	assert.equal(rows2[0], rows1[0], 'idle: the same row');
	assert.notEqual(rows2[1], rows1[1]);
	assert.equal(rows2[1]!.stats.eventsPerSec, 10);
	// An equal copy of a program (the emulator answers afresh each time) is a new row with equal figures.
	const rows3 = programRows({snapshot: third, programs: rows2}, snapshot(3_000_000_000n, [{...idle}, busy2]));
	assert.notEqual(rows3[0], rows2[0]);
	assert.deepEqual(rows3[0], rows2[0]);
	// It stops running: zero figures, a new row (the figures it shows changed).
	assert.equal(rows3[1]!.stats.eventsPerSec, 0);
	assert.notEqual(rows3[1], rows2[1]);
});

test('a program that came or went between two snapshots does not mix up the others’ rows', () => {
	const a: Program = {id: 1, type: 'xdp', name: 'a', tag: 'a', run_cnt: 5, run_time_ns: 50};
	const b: Program = {id: 3, type: 'xdp', name: 'b', tag: 'b', run_cnt: 5, run_time_ns: 50};
	const first = snapshot(0n, [a, b]);
	const rows1 = programRows(undefined, first);
	// A new program (id 2) between them: b is no longer at its index.
	const b2: Program = {...b, run_cnt: 25, run_time_ns: 250};
	const rows2 = programRows({snapshot: first, programs: rows1}, snapshot(1_000_000_000n, [a, {id: 2, type: 'xdp', name: 'new', tag: 'n'}, b2]));
	assert.equal(rows2[0], rows1[0], 'a: the same row');
	assert.equal(rows2[1]!.stats.eventsPerSec, 0, 'the new one has no figures yet');
	assert.equal(rows2[2]!.stats.eventsPerSec, 20, "b's runs since its own last sample");
});
