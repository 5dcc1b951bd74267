import assert from 'node:assert/strict';
import {test} from 'node:test';
import {terminalProfile} from '../../source/terminal/profile.js';

test('a normal terminal: colour, Unicode, full screen', () => {
	assert.deepEqual(terminalProfile({TERM: 'xterm-256color'}, {}), {color: true, depth: 'full', ascii: false, fullScreen: true});
});

test('NO_COLOR (not empty), --no-color and FORCE_COLOR=0 turn colour off, keeping attributes', () => {
	for (const [env, flags] of [
		[{NO_COLOR: '1'}, {}],
		[{}, {noColor: true}],
		[{FORCE_COLOR: '0'}, {}],
	] as const) {
		const profile = terminalProfile({TERM: 'xterm', ...env}, flags);
		assert.equal(profile.color, false);
		assert.equal(profile.depth, 'no-color');
		assert.equal(profile.fullScreen, true);
	}

	assert.equal(terminalProfile({TERM: 'xterm', NO_COLOR: ''}, {}).color, true, 'an empty NO_COLOR does not count');
});

test('--ascii only changes the glyphs', () => {
	assert.deepEqual(terminalProfile({TERM: 'xterm'}, {ascii: true}), {color: true, depth: 'full', ascii: true, fullScreen: true});
});

test('TERM=dumb: no colour, no styles, ASCII, no alternate screen', () => {
	assert.deepEqual(terminalProfile({TERM: 'dumb'}, {}), {color: false, depth: 'none', ascii: true, fullScreen: false});
});
