// The real CLI, as a user runs it: flags, exit codes, and the interactive monitor in a pty.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {runCli, runInPty} from '../helpers/cli.js';
import {kernelTestsOff} from '../helpers/kernel.js';

test('--help prints usage and exits 0', () => {
	const result = runCli(['--help']);
	assert.equal(result.status, 0);
	assert.match(result.stdout, /Usage\s+\$ bpftop-ts/);
	assert.match(result.stdout, /--interval SECONDS/);
	// The description once (meow would print package.json's above the help's own), examples last.
	assert.equal(result.stdout.match(/monitor for (Linux )?BPF programs/g)?.length, 1, result.stdout);
	assert.match(result.stdout, /Examples\n(\s+\$ .+\n)+\s*$/);
});

test('--version prints the version', () => {
	const result = runCli(['--version']);
	assert.equal(result.status, 0);
	assert.match(result.stdout.trim(), /^\d+\.\d+\.\d+$/);
});

for (const [args, message] of [
	[['--bogus'], /^bpftop-ts: unknown option --bogus/],
	[['-x'], /^bpftop-ts: unknown option -x/],
	[['--interval', '0'], /^bpftop-ts: --interval must be a number of seconds greater than 0 \(got "0"\)/],
	[['--interval', 'abc'], /^bpftop-ts: --interval must be/],
	[['--interval=-1'], /^bpftop-ts: --interval must be/],
	[['--backend', 'nope'], /^bpftop-ts: --backend must be one of auto, bpftool, emulator/],
	[['-n', '0'], /^bpftop-ts: --iterations must be a whole number/],
	[['--once', '-n', '2'], /^bpftop-ts: --once means one snapshot/],
	[['stray'], /^bpftop-ts: unexpected argument "stray"/],
] as const) {
	test(`usage error ${args.join(' ')}: one line on stderr, exit 2`, () => {
		const result = runCli([...args]);
		assert.equal(result.status, 2, result.stderr);
		assert.match(result.stderr, message);
		assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
		assert.equal(result.stdout, '');
	});
}

test('--backend bpftool with a missing bpftool: a clear message naming the cause, exit 1, no stack trace', () => {
	const result = runCli(['--backend', 'bpftool', '--once', '--bpftool', '/nonexistent/bpftool']);
	assert.equal(result.status, 1);
	assert.match(result.stderr, /bpftool not found at "\/nonexistent\/bpftool": install it/);
	assert.doesNotMatch(result.stderr, /\n\s+at /);
});

test('interactive: draws the monitor in a pty and q quits with exit 0', {skip: kernelTestsOff() ?? (process.getuid?.() === 0 ? undefined : 'needs root for the bpftool backend')}, async () => {
	const run = runInPty(['--backend', 'bpftool']);
	try {
		await run.waitFor(/bpftop-ts │ bpftool v[\d.]+/);
		await run.waitFor(/q quit/);
		run.write('q');
		const {exitCode} = await run.exited;
		assert.equal(exitCode, 0);
	} finally {
		run.kill();
	}
});
