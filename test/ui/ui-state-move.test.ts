import assert from 'node:assert/strict';
import {test} from 'node:test';
import {initialUiState, uiReducer} from '../../source/ui/ui-state.js';

test('moves are worked out from the state when each arrives: jjj moves three rows', () => {
	const keys = ['a', 'b', 'c', 'd', 'e'];
	let state = initialUiState(1000);
	for (let i = 0; i < 3; i++) state = uiReducer(state, {type: 'move', keys, delta: 1});
	assert.equal(state.selected.programs, 'd');
	state = uiReducer(state, {type: 'move', keys, delta: 99});
	assert.equal(state.selected.programs, 'e');
	state = uiReducer(state, {type: 'move', keys: ['x', 'y'], delta: 1});
	assert.equal(state.selected.programs, 'y', 'a selection that vanished starts again from the first row');
});
