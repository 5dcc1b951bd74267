import assert from 'node:assert/strict';
import {test} from 'node:test';
import {findMap, resolveMap} from '../../source/collect/find-map.js';
import type {Backend} from '../../source/backends/backend.js';
import type {BpfMap} from '../../source/parse/map.js';

const maps: BpfMap[] = [
	{id: 5, type: 'array', name: 'hello.bss'},
	{id: 9, type: 'array', name: 'hello.bss'},
	{id: 12, type: 'hash', name: 'port_packets'},
];

test('--map by id or by a unique name', () => {
	assert.deepEqual(resolveMap(maps, '12'), {ok: true, map: maps[2]});
	assert.deepEqual(resolveMap(maps, 'port_packets'), {ok: true, map: maps[2]});
});

test('no such map, or several with that name: one line, listing the ids', () => {
	assert.deepEqual(resolveMap(maps, '7'), {ok: false, error: 'no map with id 7 (--view maps lists them)'});
	assert.deepEqual(resolveMap(maps, 'nope'), {ok: false, error: 'no map named "nope" (--view maps lists them)'});
	assert.deepEqual(resolveMap(maps, 'hello.bss'), {ok: false, error: '2 maps are named "hello.bss" (ids 5, 9): pass --map ID'});
	assert.match((resolveMap(maps, 'x\u001b[2J') as {error: string}).error, /x\\e\[2J/);
});

test('findMap asks the backend for map show', async () => {
	const asked: string[][] = [];
	const backend = {
		run: async (commands: readonly (readonly string[])[]) => {
			asked.push(...commands.map(command => [...command]));
			return [{command: ['map', 'show'], output: maps}];
		},
	} as unknown as Backend;
	assert.deepEqual(await findMap(backend, '9'), {ok: true, map: maps[1]});
	assert.deepEqual(asked, [['map', 'show']]);
	const failing = {run: async () => [{command: ['map', 'show'], output: {error: 'Operation not permitted'}}]} as unknown as Backend;
	assert.deepEqual(await findMap(failing, '9'), {ok: false, error: 'map show: Operation not permitted'});
});
