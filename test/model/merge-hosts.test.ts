import assert from 'node:assert/strict';
import {test} from 'node:test';
import {mergeHosts} from '../../source/model/merge-hosts.js';
import {entry, hostModel} from '../helpers/host-models.js';

test('every program and map of every host, each with its host; the same id on two hosts is two rows', () => {
	const merged = mergeHosts([entry('web1', 'up', hostModel('web1', [1, 2])), entry('web2', 'up', hostModel('web2', [1], 50))]);
	assert.deepEqual(
		merged.programs.map(row => [row.host, row.program.id, row.stats.eventsPerSec]),
		[
			['web1', 1, 100],
			['web1', 2, 100],
			['web2', 1, 50],
		],
	);
	assert.deepEqual(
		merged.maps.map(row => [row.host, row.map.id, row.usedBy.map(user => user.id)]),
		[
			['web1', 10, [1]],
			['web1', 20, [2]],
			['web2', 10, [1]],
		],
	);
	assert.equal(merged.snapshot.programs.length, 3);
	assert.equal(merged.snapshot.maps.length, 3);
	assert.equal(merged.hosts?.length, 2);
});

test("a host that is down keeps its last rows and is a problem line; an up host's problems are named by host", () => {
	const web1 = hostModel('web1', [1]);
	const withProblem = {...web1, snapshot: {...web1.snapshot, problems: ['map dump id 7: gone']}};
	const merged = mergeHosts([entry('web1', 'up', withProblem), entry('web2', 'down', hostModel('web2', [3]), {error: 'connection lost'})]);
	assert.deepEqual(merged.snapshot.problems, ['web2: connection lost (retrying)', 'web1: map dump id 7: gone']);
	assert.deepEqual(
		merged.programs.map(row => row.host),
		['web1', 'web2'],
	);
});

test("what belongs to one host — dump, map values, run history — comes from the host the views asked about", () => {
	const web1 = hostModel('web1', [1]);
	const web2 = hostModel('web2', [1]);
	assert.equal(mergeHosts([entry('web1', 'up', web1), entry('web2', 'up', web2)], 'web2').eventsHistory, web2.eventsHistory);
	assert.equal(mergeHosts([entry('web1', 'up', web1), entry('web2', 'up', web2)]).eventsHistory.size, 0);
});

test('no host answered yet: an empty model', () => {
	const merged = mergeHosts([entry('web1', 'connecting')]);
	assert.deepEqual(merged.programs, []);
	assert.deepEqual(merged.snapshot.problems, ['web1: connecting…']);
});
