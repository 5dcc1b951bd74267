import assert from 'node:assert/strict';
import {test} from 'node:test';
import {roundDue} from '../../source/fleet/rounds.js';
import {entry} from '../helpers/host-models.js';

const screen = {deadlineMs: 1000, waitForConnecting: false};
const batch = {deadlineMs: 1000, waitForConnecting: true};

test('a round ends when every host that is up has answered', () => {
	const hosts = [entry('a', 'up'), entry('b', 'up')];
	assert.equal(roundDue(hosts, new Set(['a']), 10, screen), false);
	assert.equal(roundDue(hosts, new Set(['a', 'b']), 10, screen), true);
});

test('a slow host does not hold the others past the deadline', () => {
	const hosts = [entry('a', 'up'), entry('slow', 'up')];
	assert.equal(roundDue(hosts, new Set(['a']), 999, screen), false);
	assert.equal(roundDue(hosts, new Set(['a']), 1000, screen), true);
	assert.equal(roundDue(hosts, new Set(['a']), 1000, batch), true);
});

test('a host that is down never holds a round', () => {
	assert.equal(roundDue([entry('a', 'up'), entry('b', 'down')], new Set(['a']), 0, screen), true);
});

test('batch output waits for hosts still connecting; a screen shows what it has after the deadline', () => {
	const hosts = [entry('a', 'up'), entry('new', 'connecting')];
	assert.equal(roundDue(hosts, new Set(['a']), 5000, batch), false);
	assert.equal(roundDue(hosts, new Set(['a']), 5000, screen), true);
	assert.equal(roundDue(hosts, new Set(['a', 'new']), 0, batch), true);
});
