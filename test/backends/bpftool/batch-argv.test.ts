import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {batchArgv} from '../../../source/backends/bpftool/batch-argv.js';
import {netnsProblem} from '../../../source/backends/bpftool/netns.js';

test('a plain batch, a batch with pinned paths, a batch inside a named namespace', () => {
	assert.deepEqual(batchArgv('bpftool'), {file: 'bpftool', args: ['-j', 'batch', 'file', '-']});
	assert.deepEqual(batchArgv('/sbin/bpftool', {pinned: true}), {file: '/sbin/bpftool', args: ['-j', '-f', 'batch', 'file', '-']});
	assert.deepEqual(batchArgv('bpftool', {netns: 'blue'}), {file: 'nsenter', args: ['--net=/run/netns/blue', '--', 'bpftool', '-j', 'batch', 'file', '-']});
});

test('a namespace name cannot climb out of /run/netns or carry an option', () => {
	for (const name of ['../etc', 'a/b', '..', '.', '', 'x y', '-n']) {
		if (name !== '-n') assert.throws(() => batchArgv('bpftool', {netns: name}), /invalid network namespace/, name);
		assert.ok(netnsProblem(name) !== undefined, name);
	}
});

test('netnsProblem: an existing name passes, a missing one lists the known names', () => {
	const dir = mkdtempSync(join(tmpdir(), 'bpftop-netns-'));
	writeFileSync(join(dir, 'blue'), '');
	mkdirSync(join(dir, 'red'));
	assert.equal(netnsProblem('blue', dir), undefined);
	assert.match(netnsProblem('green', dir) ?? '', /no network namespace named "green" .*known: blue, red/);
	assert.match(netnsProblem('green', join(dir, 'none')) ?? '', /there are none/);
});
