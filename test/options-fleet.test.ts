import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseListen, parseOptions} from '../source/options.js';

const error = (flags: Parameters<typeof parseOptions>[0]) => {
	const parsed = parseOptions(flags);
	assert.equal(parsed.ok, false);
	return parsed.ok ? '' : parsed.error;
};

test('--host: repeatable, local mixes this machine in, duplicates and bad specs refused', () => {
	const parsed = parseOptions({host: ['web1', 'ops@web2:2222', 'local']});
	assert.ok(parsed.ok);
	assert.deepEqual(
		parsed.options.hosts.map(host => host.label),
		['web1', 'ops@web2:2222', 'local'],
	);
	const none = parseOptions({});
	assert.ok(none.ok);
	assert.deepEqual(none.options.hosts, []);
	assert.match(error({host: ['web1', 'web1']}), /given twice/);
	assert.match(error({host: ['-oProxyCommand=x']}), /--host must look like/);
});

test('--host and what it cannot be combined with', () => {
	assert.match(error({host: ['a', 'b'], prog: '5'}), /--prog needs one host/);
	assert.match(error({host: ['a', 'b'], map: '5'}), /--map needs one host/);
	assert.match(error({host: ['a', 'b'], record: '/tmp/x'}), /--record records one host/);
	assert.match(error({host: ['a'], replay: '/tmp/x'}), /--replay is the backend/);
	assert.match(error({host: ['a'], load: ['x.bpf.o']}), /add --host local/);
	assert.match(error({host: ['a'], backend: 'emulator'}), /add --host local/);
	assert.match(error({host: ['a'], netns: 'blue'}), /--netns is for the local machine/);
	assert.ok(parseOptions({host: ['local', 'a'], backend: 'emulator', load: ['x.bpf.o']}).ok);
	assert.ok(parseOptions({host: ['a'], prog: '5', record: '/tmp/x'}).ok);
	assert.match(error({sshConfig: '/tmp/c'}), /--ssh-config FILE is for --host/);
});

test('--listen: HOST:PORT, PORT alone on 127.0.0.1, IPv6 in brackets; not with --replay', () => {
	assert.deepEqual(parseListen('9464'), {host: '127.0.0.1', port: 9464});
	assert.deepEqual(parseListen(':9464'), {host: '127.0.0.1', port: 9464});
	assert.deepEqual(parseListen('0.0.0.0:9464'), {host: '0.0.0.0', port: 9464});
	assert.deepEqual(parseListen('[::1]:0'), {host: '::1', port: 0});
	assert.deepEqual(parseListen('metrics.example:9464'), {host: 'metrics.example', port: 9464});
	for (const bad of ['', 'x', '9464x', '1.2.3.4:', '1.2.3.4:70000', 'a b:1', '[::1]']) assert.equal(parseListen(bad), undefined, bad);
	assert.match(error({listen: '9464', replay: '/tmp/x'}), /cannot be combined with --replay/);
});
