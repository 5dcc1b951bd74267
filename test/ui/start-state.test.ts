import assert from 'node:assert/strict';
import {test} from 'node:test';
import {startState} from '../../source/ui/start-state.js';
import {initialUiState, uiReducer} from '../../source/ui/ui-state.js';

test('--map starts in the value table, with the Maps list behind it', () => {
	const start = startState({view: undefined, mapLimit: 10}, {id: 7, type: 'hash', name: 'x'});
	assert.deepEqual([start.view, start.back, start.mapId, start.mapLimit], ['map-values', [{view: 'maps', section: 0}], 7, 10]);
	const state = uiReducer(initialUiState(1000, start), {type: 'back'});
	assert.equal(state.view, 'maps');
	const maps = startState({view: 'maps', mapLimit: 10});
	assert.deepEqual([maps.view, maps.mapId, maps.mapLimit], ['maps', undefined, 10]);
});

test('expand toggles a row', () => {
	let state = initialUiState(1000);
	state = uiReducer(state, {type: 'expand', key: '7:00'});
	assert.deepEqual(state.expanded, ['7:00']);
	state = uiReducer(state, {type: 'expand', key: '7:00'});
	assert.deepEqual(state.expanded, []);
});
