// Emulator: the seed scenario's `hello` is attached xdp generic to enp5s0 (ifindex 2), as in the
// book's `bpftool net list`; the detail view shows its tag, size and translated instructions.
// Skipped, with the reason printed, while the CLI says the emulator is not built yet.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {runCli, runInPty, type PtyRun} from '../helpers/cli.js';

type Document = {programs: Array<{id: number; name: string; tag: string; bytes_xlated?: number}>; attachments?: Array<Record<string, unknown>>};

function emulatorJson(): {skip?: string; document?: Document} {
	const result = runCli(['--backend', 'emulator', '--once', '--json', '--interval', '0.2']);
	if (result.status !== 0 && /emulator is not built yet/.test(result.stderr)) return {skip: `the CLI says the emulator is not built yet (${result.stderr.trim()})`};
	assert.equal(result.status, 0, result.stderr);
	return {document: JSON.parse(result.stdout) as Document};
}

const {skip, document} = emulatorJson();
const hello = document?.programs.find(program => program.name === 'hello');


async function waitForText(run: PtyRun, pattern: RegExp, timeoutMs = 15_000): Promise<void> {
	await run.waitFor(pattern, timeoutMs);
}

test('--once --json: hello is attached xdp generic to enp5s0 (ifindex 2), and the other programs show theirs', {skip}, () => {
	assert.ok(hello, 'the seed scenario loads hello');
	const attachments = document!.attachments ?? [];
	const xdp = attachments.filter(attachment => attachment.prog_id === hello.id && attachment.kind === 'xdp');
	assert.equal(xdp.length, 1);
	assert.deepEqual(
		{devname: xdp[0]!.devname, ifindex: xdp[0]!.ifindex, mode: xdp[0]!.mode, prog_name: xdp[0]!.prog_name},
		{devname: 'enp5s0', ifindex: 2, mode: 'generic', prog_name: 'hello'},
	);
	const attached = new Set(attachments.map(attachment => attachment.prog_id));
	assert.ok(attached.size > 1, 'more than one scenario program is attached somewhere');
});

test('--prog: the detail text shows the tag, bytes_xlated and r0 = 2', {skip}, () => {
	const result = runCli(['--backend', 'emulator', '--prog', String(hello!.id), '--once', '--interval', '0.2']);
	assert.equal(result.status, 0, result.stderr);
	assert.match(result.stdout, new RegExp(`tag\\s+${hello!.tag}`));
	assert.match(result.stdout, new RegExp(`translated\\s+${hello!.bytes_xlated} bytes`));
	assert.match(result.stdout, /\(b7\) r0 = 2/);
});

test('on screen: the Attachments view lists hello on enp5s0; Enter opens it; Tab shows the instructions', {skip}, async () => {
	const run = runInPty(['--backend', 'emulator', '--view', 'attachments', '--interval', '0.3']);
	try {
		await waitForText(run, new RegExp(`xdp\\s+enp5s0 \\(2\\)\\s+generic\\s+${hello!.id} hello`));
		run.write('\r');
		await waitForText(run, new RegExp(`tag\\s+${hello!.tag}`));
		run.write('\t');
		await waitForText(run, /\d+: \(b7\) r0 = 2/);
	} finally {
		run.write('q');
		await Promise.race([run.exited, new Promise(resolve => setTimeout(resolve, 3000))]);
		run.kill();
	}
});

test('--prog with no such program: one clear line, non-zero exit', {skip}, () => {
	const result = runCli(['--backend', 'emulator', '--prog', '999999', '--once']);
	assert.notEqual(result.status, 0);
	assert.match(result.stderr, /^bpftop-ts: --prog: no BPF program with id 999999 is loaded[^\n]*\n$/);
});
