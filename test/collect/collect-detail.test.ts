import assert from 'node:assert/strict';
import {test} from 'node:test';
import {virtualClock} from '../../source/clock/clock.js';
import {collect} from '../../source/collect/collect.js';
import {fakeBackend} from '../helpers/fake-backend.js';
import {helloAnswers, helloNetnsAnswers} from '../helpers/hello-answers.js';

test('--netns: net show runs in the namespace, everything else in the normal batch', async () => {
	const backend = fakeBackend(helloAnswers, helloNetnsAnswers);
	const snapshot = await collect(backend, {attachments: true, netns: 'blue', progId: 10, jited: true}, virtualClock());
	assert.deepEqual(
		backend.calls.map(call => ({commands: call.commands.map(command => command.join(' ')), scope: call.scope})),
		[
			{
				commands: ['prog show', 'map show', 'prog dump xlated id 10', 'cgroup tree', 'perf show', 'link show', 'prog dump jited id 10'],
				scope: {pinned: true},
			},
			{commands: ['net show'], scope: {netns: 'blue'}},
		],
	);
	assert.equal(snapshot.attachments?.netns, 'blue');
	assert.deepEqual(snapshot.attachments?.net?.xdp, [{devname: 'lo', ifindex: 1, mode: 'generic', id: 10}]);
	assert.deepEqual(snapshot.problems, []);
	assert.equal(snapshot.programDump?.xlated.ok && snapshot.programDump.xlated.lines.length, 10);
	assert.deepEqual(snapshot.programDump?.jited, {ok: false, error: 'No libbfd support', unsupported: true});
});

test('a failing attachment command is a problem line, not a failed refresh', async () => {
	const backend = fakeBackend({...helloAnswers, 'cgroup tree': {error: "can't query bpf programs attached to /sys/fs/cgroup: Bad file descriptor"}});
	const snapshot = await collect(backend, {attachments: true}, virtualClock());
	assert.equal(backend.calls.length, 1, 'without --netns net show joins the one batch');
	assert.match(snapshot.problems.join('\n'), /cgroup tree: can't query/);
	assert.deepEqual(snapshot.attachments?.cgroups, []);
	assert.deepEqual(snapshot.attachments?.links, []);
});

test('the JIT dump is asked only when wanted, and last: where it fails, it stops nothing after it', async () => {
	const backend = fakeBackend(helloAnswers);
	const snapshot = await collect(backend, {progId: 10}, virtualClock());
	assert.deepEqual(backend.calls[0]?.commands.map(command => command.join(' ')), ['prog show', 'map show', 'prog dump xlated id 10']);
	assert.equal(snapshot.programDump?.jited, undefined);
});

test('a namespace deleted meanwhile: a problem line, the rest of the refresh still shows', async () => {
	const inner = fakeBackend(helloAnswers);
	const backend = {
		...inner,
		run: async (...args: Parameters<typeof inner.run>) => {
			if (args[2]?.netns !== undefined) throw new Error('nsenter: cannot open /run/netns/blue: No such file or directory');
			return inner.run(...args);
		},
	};
	const snapshot = await collect(backend, {attachments: true, netns: 'blue'}, virtualClock());
	assert.equal(snapshot.programs.length, 1);
	assert.match(snapshot.problems[0] ?? '', /net show: in network namespace "blue": nsenter: cannot open/);
	assert.equal(snapshot.attachments?.net, undefined);
});
