// Real kernel: hello attached xdpgeneric to lo in a namespace of our own; --netns finds it in JSON
// and on screen, and the detail view shows its tag, size and translated instructions.
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {runCli, runInPty, type PtyRun} from '../helpers/cli.js';
import {attachXdpGeneric, compileBpf, createNetns, kernelSkipReason, loadProgram, type Loaded, type Netns} from '../helpers/kernel.js';

const skip = kernelSkipReason();
let program: Loaded | undefined;
let netns: Netns | undefined;

before(() => {
	if (skip) return;
	program = loadProgram(compileBpf('hello'), 'attach');
	netns = createNetns('attach');
	attachXdpGeneric(netns, program.id);
});

after(() => {
	// The namespace goes first: deleting it detaches the program, then the pin is the last reference.
	netns?.remove();
	program?.remove();
});


async function waitForText(run: PtyRun, pattern: RegExp, timeoutMs = 15_000): Promise<void> {
	await run.waitFor(pattern, timeoutMs);
}

test('--netns --once --json lists the XDP attachment with its namespace', {skip}, () => {
	const result = runCli(['--backend', 'bpftool', '--netns', netns!.name, '--once', '--json', '--interval', '0.2']);
	assert.equal(result.status, 0, result.stderr);
	const document = JSON.parse(result.stdout) as {attachments: Array<Record<string, unknown>>};
	const xdp = document.attachments.filter(attachment => attachment.prog_id === program!.id);
	assert.deepEqual(
		xdp.map(({kind, devname, ifindex, mode, prog_id, prog_name, netns: ns}) => ({kind, devname, ifindex, mode, prog_id, prog_name, netns: ns})),
		[{kind: 'xdp', devname: 'lo', ifindex: 1, mode: 'generic', prog_id: program!.id, prog_name: 'hello', netns: netns!.name}],
	);
});

test('without --netns the attachment is not in the current namespace', {skip}, () => {
	const result = runCli(['--backend', 'bpftool', '--once', '--json', '--interval', '0.2']);
	assert.equal(result.status, 0, result.stderr);
	const document = JSON.parse(result.stdout) as {attachments: Array<Record<string, unknown>>};
	assert.ok(!document.attachments.some(attachment => attachment.prog_id === program!.id && attachment.netns === 'current'));
});

test('the Attachments view shows it on screen, and Enter opens the program', {skip}, async () => {
	const run = runInPty(['--backend', 'bpftool', '--netns', netns!.name, '--view', 'attachments', '--interval', '0.3']);
	try {
		await waitForText(run, /namespace "bpftop-attach-/);
		const row = new RegExp(`xdp\\s+lo \\(1\\)\\s+generic\\s+${program!.id} hello\\s+${netns!.name}`);
		await waitForText(run, row);
		run.write('\r');
		await waitForText(run, /tag\s+[0-9a-f]{16}/);
	} finally {
		run.write('q');
		await Promise.race([run.exited, new Promise(resolve => setTimeout(resolve, 3000))]);
		run.kill();
	}
});

test('--prog: the detail shows tag and bytes_xlated, Tab shows the xlated dump with r0 = 2', {skip}, async () => {
	const run = runInPty(['--backend', 'bpftool', '--prog', String(program!.id), '--interval', '0.3']);
	try {
		await waitForText(run, new RegExp(`tag\\s+${program!.tag}`));
		await waitForText(run, /translated\s+96 bytes/);
		run.write('\t');
		await waitForText(run, /; return XDP_PASS;/);
		await waitForText(run, /\d+: \(b7\) r0 = 2/);
		run.write('q');
		const exit = await run.exited;
		assert.equal(exit.exitCode, 0);
	} finally {
		run.kill();
	}
});

test('--prog in batch mode prints the detail as text', {skip}, () => {
	const result = runCli(['--backend', 'bpftool', '--prog', String(program!.id), '--once', '--interval', '0.2']);
	assert.equal(result.status, 0, result.stderr);
	assert.match(result.stdout, new RegExp(`tag\\s+${program!.tag}`));
	assert.match(result.stdout, /bytes_xlated/);
	assert.match(result.stdout, /\(b7\) r0 = 2/);
});

test('a namespace that does not exist: one clear line, exit code 2', {skip}, () => {
	const result = runCli(['--backend', 'bpftool', '--netns', 'bpftop-no-such-netns', '--once']);
	assert.equal(result.status, 2);
	assert.equal(result.stdout, '');
	assert.match(result.stderr, /^bpftop-ts: --netns: no network namespace named "bpftop-no-such-netns"[^\n]*\n$/);
});

test('--prog with no such program: one clear line, non-zero exit', {skip}, () => {
	const result = runCli(['--backend', 'bpftool', '--prog', '999999', '--once']);
	assert.notEqual(result.status, 0);
	assert.match(result.stderr, /^bpftop-ts: --prog: no BPF program with id 999999 is loaded[^\n]*\n$/);
});
