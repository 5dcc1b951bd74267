// The trace view on the emulator: its hello programs print through their bytecode's trace_printk
// call, and the lines arrive in trace_pipe's format. Skipped until the emulator backend is wired in.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {runCli, runInPty} from '../helpers/cli.js';

const probe = runCli(['--backend', 'emulator', '--once', '--json', '--view', 'trace']);
const skip = probe.status !== 0 && /not built yet/.test(probe.stderr) ? 'the emulator backend is not built into this tree yet' : undefined;

type Line = {time: number | null; task: string | null; pid: number | null; cpu: number | null; function: string | null; message: string};

test('emulator --once --json --view trace: Hello World N from the XDP hello, Syscall: N from the raw tracepoint', {skip}, () => {
	assert.equal(probe.status, 0, probe.stderr);
	const {trace} = JSON.parse(probe.stdout) as {trace: Line[]};
	const hello = trace.filter(line => /^Hello World \d+$/.test(line.message));
	const syscall = trace.filter(line => /^Syscall: \d+$/.test(line.message));
	assert.ok(hello.length > 0, `no Hello World lines in ${trace.length}`);
	assert.ok(syscall.length > 0, `no Syscall lines in ${trace.length}`);
	for (const line of [...hello, ...syscall]) {
		assert.equal(line.function, 'bpf_trace_printk');
		assert.equal(typeof line.time, 'number');
		assert.equal(typeof line.pid, 'number');
		assert.equal(typeof line.cpu, 'number');
	}
});

test('emulator trace view shows the lines live', {skip}, async () => {
	const run = runInPty(['--backend', 'emulator', '--view', 'trace']);
	try {
		await run.waitFor(/Hello World \d+/, 15_000);
		await run.waitFor(/Syscall: \d+/, 15_000);
		await run.waitFor(/following │/);
		run.write('q');
		assert.equal((await run.exited).exitCode, 0);
	} finally {
		run.kill('SIGKILL');
	}
});
