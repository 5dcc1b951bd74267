import assert from 'node:assert/strict';
import {test} from 'node:test';
import {awaitsMapList, planMapDump, readMapDump} from '../../source/collect/map-dump.js';
import {commandsFor} from '../../source/collect/request.js';
import {virtualClock} from '../../source/clock/clock.js';
import type {BpfMap} from '../../source/parse/map.js';
import {fakeBackend} from '../helpers/fake-backend.js';

const map = (id: number, max_entries: number): BpfMap => ({id, type: 'hash', name: `m${id}`, bytes_key: 1, bytes_value: 1, max_entries});

test('the map is read apart from the batch: the batch holds no dump', () => {
	assert.deepEqual(commandsFor({mapId: 7}), [['prog', 'show'], ['map', 'show']]);
});

test('a map that can hold more entries than the limit is not read, and says why', () => {
	const maps = [map(1, 100), map(2, 2_000_000)];
	assert.deepEqual(planMapDump({mapId: 1}, maps, 10_000), {mapId: 1});
	assert.deepEqual(planMapDump({mapId: 2}, [map(2, 1_000_000)]), {mapId: 2});
	const big = planMapDump({mapId: 2}, maps);
	assert.match(big.mapSkip ?? '', /can hold 2000000 entries: not read \(at most 1000000 entries per refresh/);
	assert.match(planMapDump({mapId: 3}, maps).mapSkip ?? '', /no map with id 3/);
	assert.match(planMapDump({mapId: 1}, undefined).mapSkip ?? '', /waiting/);
	assert.deepEqual(planMapDump({}, maps), {});
});

test('the read comes from the backend; a failed read is an error for the view, not the refresh', async () => {
	const clock = virtualClock({startWallMs: 0});
	const backend = fakeBackend({
		'map show id 5': map(5, 16),
		'map dump id 5': [{key: ['0x00'], value: ['0x01']}],
		'map show id 6': map(6, 16),
		'map dump id 6': {error: 'No such file'},
	});
	const ok = (await readMapDump(backend, {mapId: 5}, clock)).mapDump;
	assert.equal(ok?.status, 'ok');
	assert.equal(ok?.status === 'ok' ? ok.contents.count : -1, 1);
	assert.deepEqual((await readMapDump(backend, {mapId: 6}, clock)).mapDump, {mapId: 6, status: 'error', reason: 'map dump id 6: No such file'});
	assert.deepEqual((await readMapDump(backend, {mapId: 5, mapSkip: 'big'}, clock)).mapDump, {mapId: 5, status: 'skipped', reason: 'big'});
	assert.deepEqual(await readMapDump(backend, {}, clock), {});
});

test('a read that waited for the first map list asks for an immediate refresh', async () => {
	const waiting = planMapDump({mapId: 1}, undefined);
	assert.equal(awaitsMapList({mapDump: (await readMapDump(fakeBackend({}), waiting, virtualClock({startWallMs: 0}))).mapDump}), true);
	assert.equal(awaitsMapList({mapDump: {mapId: 1, status: 'skipped', reason: 'too big'}}), false);
	assert.equal(awaitsMapList({}), false);
});
