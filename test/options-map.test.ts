import assert from 'node:assert/strict';
import {test} from 'node:test';
import {defaultMapLimit, parseOptions} from '../source/options.js';

test('--view takes programs or maps; anything else is one clear line', () => {
	const maps = parseOptions({view: 'maps'});
	assert.ok(maps.ok);
	assert.equal(maps.options.view, 'maps');
	const bad = parseOptions({view: 'nope'});
	assert.equal(bad.ok, false);
	assert.match(bad.ok ? '' : bad.error, /^--view must be one of programs, maps/);
});

test('--map takes an id or a name; --map-limit a whole number', () => {
	const byName = parseOptions({map: ' hello.bss '});
	assert.ok(byName.ok);
	assert.equal(byName.options.map, 'hello.bss');
	assert.equal(byName.options.mapLimit, defaultMapLimit);
	assert.equal(parseOptions({map: ''}).ok, false);
	const limit = parseOptions({mapLimit: '500'});
	assert.ok(limit.ok);
	assert.equal(limit.options.mapLimit, 500);
	for (const mapLimit of ['0', '-3', 'x', '1.5']) assert.equal(parseOptions({mapLimit}).ok, false, mapLimit);
});
