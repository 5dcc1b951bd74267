import assert from 'node:assert/strict';
import {test} from 'node:test';
import {hostCount, hostKey, hostModel, hostProblems, splitHostKey} from '../../source/model/hosts.js';
import {mergeHosts} from '../../source/model/merge-hosts.js';
import {entry, hostModel as made} from '../helpers/host-models.js';

test('row keys hold the host, and give it back; keys without one (a single machine, attachments with paths) stay whole', () => {
	assert.equal(hostKey('web1', '12'), 'web1/12');
	assert.equal(hostKey(undefined, '12'), '12');
	assert.deepEqual(splitHostKey('web1/12'), {host: 'web1', key: '12'});
	assert.deepEqual(splitHostKey('ops@[::1]:2222/5|link|cgroup|/sys/fs/cgroup/a|ingress|'), {host: 'ops@[::1]:2222', key: '5|link|cgroup|/sys/fs/cgroup/a|ingress|'});
	assert.deepEqual(splitHostKey('12'), {key: '12'});
	assert.deepEqual(splitHostKey('5|cgroup|cgroup|/sys/fs/cgroup/x|ingress|'), {key: '5|cgroup|cgroup|/sys/fs/cgroup/x|ingress|'});
});

test("a host's own model from a merged one; a single machine's model is its own", () => {
	const web1 = made('web1', [1]);
	const web2 = made('web2', [1]);
	const merged = mergeHosts([entry('web1', 'up', web1), entry('web2', 'up', web2)]);
	assert.equal(hostModel(merged, 'web2'), web2);
	assert.equal(hostModel(merged, 'nowhere'), undefined);
	assert.equal(hostModel(web1, 'web1'), web1);
	assert.equal(hostModel(merged, undefined), merged);
	assert.equal(hostCount(merged), 2);
	assert.equal(hostCount(web1), 0);
});

test('hosts that are not up are named with why', () => {
	assert.deepEqual(hostProblems([entry('a', 'up'), entry('b', 'down', undefined, {error: 'refused the key: Permission denied (publickey)', failures: 3}), entry('c', 'connecting')]), [
		'b: refused the key: Permission denied (publickey) (retrying)',
		'c: connecting…',
	]);
});
