import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseOptions} from '../source/options.js';
import {startState} from '../source/ui/start-state.js';

test('--view, --prog and --netns are checked and passed on', () => {
	const result = parseOptions({view: 'attachments', prog: '42', netns: 'blue'});
	assert.ok(result.ok);
	assert.equal(result.options.view, 'attachments');
	assert.equal(result.options.progId, 42);
	assert.equal(result.options.netns, 'blue');
	for (const flags of [{view: 'nope'}, {prog: 'x'}, {prog: '0'}, {prog: '-3'}, {netns: ' '}]) {
		const bad = parseOptions(flags);
		assert.equal(bad.ok, false, JSON.stringify(flags));
	}
});

test('--prog starts in the detail view with Programs to go back to; --view sets the view', () => {
	assert.deepEqual(startState({progId: 7, mapLimit: 10}), {view: 'program-detail', back: [{view: 'programs', section: 0}], progId: 7, netns: undefined, mapLimit: 10});
	assert.deepEqual(startState({view: 'attachments', netns: 'blue', mapLimit: 10}), {view: 'attachments', netns: 'blue', mapLimit: 10});
});
