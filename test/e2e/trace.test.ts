// The trace view on the real kernel: programs that print on loopback traffic in namespaces of our
// own, read through the CLI as JSON and in a pseudo-terminal. One file, so its readers never race
// each other for trace_pipe (the kernel allows one reader at a time).
import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync, readlinkSync} from 'node:fs';
import {after, before, test} from 'node:test';
import {runCli, runInPty} from '../helpers/cli.js';
import {attachXdpGeneric, compileBpf, createNetns, kernelSkipReason, loadProgram, startLoopbackUdp, type Loaded, type Netns} from '../helpers/kernel.js';
import {runCleanups} from '../helpers/cleanups.js';

const skip = kernelSkipReason();
const cleanups: Array<() => void> = [];

before(() => {
	if (skip) return;
	// XDP allows one program per device: each printing program gets a namespace (and a lo) of its own.
	for (const name of ['printk', 'printk-escape']) {
		const program: Loaded = loadProgram(compileBpf(name), name);
		cleanups.push(() => program.remove());
		const netns: Netns = createNetns(name.replace('printk-', 'pe'));
		cleanups.push(() => netns.remove());
		attachXdpGeneric(netns, program.id);
		const traffic = startLoopbackUdp(netns, 40);
		cleanups.push(() => traffic.stop());
	}
});

after(() => runCleanups(cleanups));

type JsonTraceLine = {time: number | null; task: string | null; pid: number | null; cpu: number | null; flags: string | null; function: string | null; message: string};

test('--once --json --view trace: the printed lines, parsed, with escape bytes kept but never raw in the output', {skip}, () => {
	const result = runCli(['--backend', 'bpftool', '--once', '--json', '--view', 'trace', '--interval', '1.5']);
	assert.equal(result.status, 0, result.stderr);
	assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(result.stdout), 'no control character reaches stdout');
	const document = JSON.parse(result.stdout) as {trace: JsonTraceLine[]; trace_dropped: number};
	const packets = document.trace.filter(line => /^bpftop-printk packet \d+$/.test(line.message));
	assert.ok(packets.length > 0, `no printk lines among ${document.trace.length}`);
	const first = packets[0]!;
	assert.equal(first.function, 'bpf_trace_printk');
	assert.equal(typeof first.time, 'number');
	assert.equal(typeof first.pid, 'number');
	assert.equal(typeof first.cpu, 'number');
	assert.ok(first.task && first.task.length > 0);
	const escaped = document.trace.find(line => line.message.startsWith('bpftop-escape <'));
	assert.ok(escaped, 'the escape-printing program was read');
	assert.equal(escaped.message, 'bpftop-escape <\u001b[31mred\u001b]0;pwned\u0007\rcr\bbs>');
});

test('the trace view shows the lines live, escapes made visible; quitting leaves no reader behind', {skip}, async () => {
	const run = runInPty(['--backend', 'bpftool', '--view', 'trace'], {columns: 140, rows: 30});
	try {
		await run.waitFor(/bpftop-printk packet \d+/);
		await run.waitFor('bpftop-escape <\\e[31mred\\e]0;pwned\\a\\rcr\\bbs>');
		await run.waitFor(/following │ [\d.]+ lines\/s/);
		const output = run.output();
		assert.ok(!output.includes('\u001b[31mred'), 'the colour sequence was not obeyed');
		assert.ok(!output.includes('\u001b]0;pwned'), 'the title change was not obeyed');
		assert.ok(!output.includes('\u0007'), 'no bell');
		assert.ok(holdsTracePipe(run.pid), 'the monitor reads trace_pipe while the view is shown');
		run.write('1');
		await run.waitFor('printk_xdp');
		await waitUntil(() => !holdsTracePipe(run.pid), 'the reader closes when the view is left');
		run.write('4');
		await waitUntil(() => holdsTracePipe(run.pid), 'the reader opens again');
		run.write('q');
		const {exitCode} = await run.exited;
		assert.equal(exitCode, 0);
	} finally {
		run.kill('SIGKILL');
	}

	await waitUntil(() => !existsSync(`/proc/${run.pid}`) || !holdsTracePipe(run.pid), 'the process is gone');
});

test('SIGKILL of the monitor leaves no process reading trace_pipe', {skip}, async () => {
	const run = runInPty(['--backend', 'bpftool', '--view', 'trace']);
	await run.waitFor(/bpftop-printk packet \d+/);
	const children = childrenOf(run.pid);
	run.kill('SIGKILL');
	await run.exited;
	await waitUntil(() => !existsSync(`/proc/${run.pid}/fd`), 'the monitor is gone');
	for (const child of children) assert.ok(!holdsTracePipe(child), `child ${child} still reads trace_pipe`);
	// The pipe is free for the next reader.
	const after = runCli(['--backend', 'bpftool', '--once', '--json', '--view', 'trace', '--interval', '0.5']);
	assert.equal(after.status, 0, after.stderr);
	assert.equal((JSON.parse(after.stdout) as {trace_error?: string}).trace_error, undefined);
});

test('SIGTERM and SIGHUP end the monitor and its reader', {skip}, async () => {
	for (const signal of ['SIGTERM', 'SIGHUP']) {
		const run = runInPty(['--backend', 'bpftool', '--view', 'trace']);
		try {
			await run.waitFor(/bpftop-printk packet \d+/);
			run.kill(signal);
			await Promise.race([run.exited, new Promise((_, reject) => setTimeout(() => reject(new Error(`${signal}: still running after 5 s`)), 5000))]);
		} finally {
			run.kill('SIGKILL');
		}

		await waitUntil(() => !holdsTracePipe(run.pid), `${signal}: trace_pipe released`);
	}
});

function holdsTracePipe(pid: number): boolean {
	try {
		const fds = readdirFds(pid);
		return fds.some(target => target.endsWith('/trace_pipe'));
	} catch {
		return false;
	}
}

function readdirFds(pid: number): string[] {
	return readdirSync(`/proc/${pid}/fd`).flatMap(fd => {
		try {
			return [readlinkSync(`/proc/${pid}/fd/${fd}`)];
		} catch {
			return [];
		}
	});
}

function childrenOf(pid: number): number[] {
	try {
		return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
	} catch {
		return [];
	}
}

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}
