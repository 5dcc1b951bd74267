import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseOptions} from '../source/options.js';

test('defaults: auto backend, 1 s interval, interactive', () => {
	const result = parseOptions({});
	assert.ok(result.ok);
	assert.equal(result.options.backend, 'auto');
	assert.equal(result.options.intervalMs, 1000);
	assert.equal(result.options.iterations, undefined);
	assert.equal(result.options.bpftool, 'bpftool');
});

test('decimal intervals are allowed', () => {
	const result = parseOptions({interval: '0.25'});
	assert.ok(result.ok);
	assert.equal(result.options.intervalMs, 250);
});

for (const interval of ['0', '-1', 'abc', '', '1s', 'NaN', 'Infinity']) {
	test(`--interval ${JSON.stringify(interval)} is refused with one line`, () => {
		const result = parseOptions({interval});
		assert.equal(result.ok, false);
		assert.match(result.ok ? '' : result.error, /^--interval must be a number of seconds greater than 0/);
	});
}

test('--backend must be one of the three', () => {
	const result = parseOptions({backend: 'nope'});
	assert.equal(result.ok, false);
	assert.match(result.ok ? '' : result.error, /--backend must be one of auto, bpftool, emulator/);
});

test('--once is one iteration; --once with -n 3 conflicts', () => {
	const once = parseOptions({once: true});
	assert.ok(once.ok);
	assert.equal(once.options.iterations, 1);
	assert.equal(parseOptions({once: true, iterations: '3'}).ok, false);
});

test('-n must be a whole number ≥ 1', () => {
	for (const iterations of ['0', '-2', '1.5', 'x']) assert.equal(parseOptions({iterations}).ok, false, iterations);
	const result = parseOptions({iterations: '3'});
	assert.ok(result.ok);
	assert.equal(result.options.iterations, 3);
});

test('--view starts in a view; trace is one, unknown names are refused', () => {
	const trace = parseOptions({view: 'trace'});
	assert.ok(trace.ok);
	assert.equal(trace.options.view, 'trace');
	const plain = parseOptions({});
	assert.ok(plain.ok);
	assert.equal(plain.options.view, undefined);
	const bad = parseOptions({view: 'nope'});
	assert.ok(!bad.ok);
	assert.match(bad.error, /--view must be one of .*trace/);
});
