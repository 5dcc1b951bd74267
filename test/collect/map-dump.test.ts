import assert from 'node:assert/strict';
import {test} from 'node:test';
import {awaitsMapList, collectMapDump, planMapDump} from '../../source/collect/map-dump.js';
import {commandsFor} from '../../source/collect/request.js';
import type {BpfMap} from '../../source/parse/map.js';

const map = (id: number, max_entries: number): BpfMap => ({id, type: 'hash', name: `m${id}`, max_entries});

test('the dump comes after the essential commands, by id', () => {
	assert.deepEqual(commandsFor({mapId: 7}), [['prog', 'show'], ['map', 'show'], ['map', 'dump', 'id', '7']]);
	assert.deepEqual(commandsFor({mapId: 7, mapSkip: 'too big'}), [['prog', 'show'], ['map', 'show']]);
});

test('a map that can hold more entries than the limit is not dumped, and says why', () => {
	const maps = [map(1, 100), map(2, 1_000_000)];
	assert.deepEqual(planMapDump({mapId: 1}, maps, 10_000), {mapId: 1});
	const big = planMapDump({mapId: 2}, maps, 10_000);
	assert.match(big.mapSkip ?? '', /can hold 1000000 entries: not dumped \(at most 10000 entries per refresh/);
	assert.match(planMapDump({mapId: 3}, maps).mapSkip ?? '', /no map with id 3/);
	assert.match(planMapDump({mapId: 1}, undefined).mapSkip ?? '', /waiting/);
	assert.deepEqual(planMapDump({}, maps), {});
});

test('the dump is found by its command; a failed dump is an error for the view, not the refresh', () => {
	const problems: string[] = [];
	const outputs = [
		{command: ['prog', 'show'], output: []},
		{command: ['map', 'show'], output: []},
		{command: ['map', 'dump', 'id', '5'], output: [{key: ['0x00'], value: ['0x01']}]},
	];
	const ok = collectMapDump({mapId: 5}, outputs, problems).mapDump;
	assert.equal(ok?.status, 'ok');
	assert.equal(ok?.status === 'ok' ? ok.entries.length : -1, 1);
	const gone = collectMapDump({mapId: 5}, [...outputs.slice(0, 2), {command: ['map', 'dump', 'id', '5'], output: {error: 'No such file'}}], problems).mapDump;
	assert.deepEqual(gone, {mapId: 5, status: 'error', reason: 'map dump id 5: No such file'});
	assert.deepEqual(collectMapDump({mapId: 5, mapSkip: 'big'}, outputs, problems).mapDump, {mapId: 5, status: 'skipped', reason: 'big'});
	assert.deepEqual(collectMapDump({}, outputs, problems), {});
	assert.deepEqual(problems, []);
});

test('a dump that waited for the first map list asks for an immediate refresh', () => {
	const waiting = planMapDump({mapId: 1}, undefined);
	assert.equal(awaitsMapList({mapDump: collectMapDump(waiting, [], []).mapDump}), true);
	assert.equal(awaitsMapList({mapDump: {mapId: 1, status: 'skipped', reason: 'too big'}}), false);
	assert.equal(awaitsMapList({}), false);
});
