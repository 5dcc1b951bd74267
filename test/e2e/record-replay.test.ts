// --record and --replay through the real CLI: a recording replays to the same JSON on the emulator
// and on the real kernel, batch output turns it into CSV, bad files get one line, and the replay's
// keys work in a pseudo-terminal.
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import {gzipSync} from 'node:zlib';
import {runCli, runInPty} from '../helpers/cli.js';
import {attachXdpGeneric, compileBpf, createNetns, kernelSkipReason, loadProgram, startLoopbackUdp, type Loaded, type Netns} from '../helpers/kernel.js';

const dir = mkdtempSync(join(tmpdir(), 'bpftop-e2e-rec-'));
type Doc = {backend: string; time: string; interval_s: number; programs: Array<{id: number; name: string; tag: string; run_cnt?: number; events_per_sec: number; cpu_percent: number}>; maps: unknown[]};
const documents = (stdout: string) => stdout.trim().split('\n').map(line => JSON.parse(line) as Doc);
const figures = (document: Doc) => ({
	time: document.time,
	interval: document.interval_s,
	programs: document.programs.map(({id, name, tag, run_cnt, events_per_sec, cpu_percent}) => ({id, name, tag, run_cnt, events_per_sec, cpu_percent})),
	maps: document.maps,
});

const emulatorRecording = join(dir, 'emulator.gz');
let live: Doc[] = [];

before(() => {
	const result = runCli(['--backend', 'emulator', '-n', '5', '--json', '--record', emulatorRecording]);
	assert.equal(result.status, 0, result.stderr);
	live = documents(result.stdout);
});

test('emulator: --replay --json prints every recorded refresh with the same ids, names, counters and rates', () => {
	const result = runCli(['--replay', emulatorRecording, '--json']);
	assert.equal(result.status, 0, result.stderr);
	const replayed = documents(result.stdout);
	assert.equal(replayed.length, 5);
	assert.equal(replayed[0]!.backend, 'replay');
	assert.deepEqual(replayed.map(figures), live.map(figures));
	// --once means all of it too; -n 2 the first two.
	assert.equal(documents(runCli(['--replay', emulatorRecording, '--once', '--json']).stdout).length, 5);
	assert.equal(documents(runCli(['--replay', emulatorRecording, '-n', '2', '--json']).stdout).length, 2);
});

test('a recording turned into CSV afterwards: one header, a row per program per refresh', () => {
	const result = runCli(['--replay', emulatorRecording, '--csv']);
	assert.equal(result.status, 0, result.stderr);
	const rows = result.stdout.trim().split('\n');
	assert.match(rows[0]!, /^time,id,type,name,tag,run_cnt/);
	assert.equal(rows.length - 1, live.reduce((sum, document) => sum + document.programs.length, 0));
	assert.ok(rows[1]!.startsWith(live[0]!.time));
});

test('bad recordings and flags: one line, and the right exit code', () => {
	const plain = join(dir, 'plain.txt');
	writeFileSync(plain, 'not a recording\n');
	let result = runCli(['--replay', plain, '--once']);
	assert.equal(result.status, 1);
	assert.equal(result.stderr.trim().split('\n').length, 1);
	assert.match(result.stderr, /is not a bpftop-ts recording/);
	result = runCli(['--replay', join(dir, 'missing.gz'), '--once']);
	assert.equal(result.status, 1);
	assert.match(result.stderr, /cannot read/);
	result = runCli(['--replay', emulatorRecording, '--record', join(dir, 'again.gz')]);
	assert.equal(result.status, 2);
	assert.match(result.stderr, /cannot be combined/);
	result = runCli(['--backend', 'emulator', '--once', '--record', join(dir, 'no-such-dir', 'x.gz')]);
	assert.equal(result.status, 1);
	assert.match(result.stderr, /cannot create the recording/);
	// Cut short: what is readable replays, and stderr says where it stopped.
	const text = readFileSync(emulatorRecording);
	const cut = join(dir, 'cut.gz');
	writeFileSync(cut, text.subarray(0, Math.floor(text.length * 0.8)));
	result = runCli(['--replay', cut, '--json']);
	assert.equal(result.status, 0, result.stderr);
	assert.match(result.stderr, /the recording was cut short after \d+ refreshes/);
	assert.ok(documents(result.stdout).length >= 1);
	const newer = join(dir, 'newer.gz');
	writeFileSync(newer, gzipSync('{"type":"header","format":"bpftop-ts-recording","format_version":2,"version":"2.0.0"}\n'));
	result = runCli(['--replay', newer, '--once']);
	assert.equal(result.status, 1);
	assert.match(result.stderr, /recorded by a newer bpftop-ts/);
});

test('replay keys in a pseudo-terminal: pause, step back and forward, speed, start and end', async () => {
	const run = runInPty(['--replay', emulatorRecording], {columns: 140, rows: 30});
	try {
		await waitForScreen(run, /\d\/6 /);
		run.write('p');
		await waitForScreen(run, /PAUSED/);
		run.write(']');
		await waitForScreen(run, /6\/6 PAUSED/);
		run.write(',');
		await waitForScreen(run, /5\/6 PAUSED/);
		// Keys packed into one read each count.
		run.write('\u001b[D\u001b[D');
		await waitForScreen(run, /3\/6 PAUSED/);
		run.write('.');
		await waitForScreen(run, /4\/6 PAUSED/);
		run.write('[');
		await waitForScreen(run, /1\/6 PAUSED/);
		run.write('++');
		await waitForScreen(run, /1\/6 x4 PAUSED/);
		run.write('p');
		await waitForScreen(run, /6\/6 x4 PAUSED/, 10_000);
		const screen = await run.screen();
		assert.match(screen, /replay: /);
		assert.match(screen, /←\/, back/);
		run.write('q');
		assert.equal((await run.exited).exitCode, 0);
	} finally {
		run.kill();
	}
});

async function waitForScreen(run: ReturnType<typeof runInPty>, pattern: RegExp, timeoutMs = 5000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const screen = await run.screen();
		if (pattern.test(screen)) return;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${screen}`);
		await new Promise(resolve => setTimeout(resolve, 25));
	}
}

const skip = kernelSkipReason();
if (skip) console.log(`# skipping real-kernel tests: ${skip}`);

let program: Loaded | undefined;
let netns: Netns | undefined;
let traffic: {stop(): void} | undefined;

after(() => {
	traffic?.stop();
	netns?.remove();
	program?.remove();
});

test('real kernel: a recorded bpftool session replays to the same ids, names, counters and rates', {skip}, () => {
	program = loadProgram(compileBpf('hello'), 'record');
	netns = createNetns('record');
	attachXdpGeneric(netns, program.id);
	traffic = startLoopbackUdp(netns, 200);
	const path = join(dir, 'kernel.gz');
	const recorded = runCli(['--backend', 'bpftool', '-n', '3', '--interval', '0.4', '--json', '--record', path]);
	assert.equal(recorded.status, 0, recorded.stderr);
	const replayed = runCli(['--replay', path, '--json']);
	assert.equal(replayed.status, 0, replayed.stderr);
	const a = documents(recorded.stdout);
	const b = documents(replayed.stdout);
	assert.deepEqual(b.map(figures), a.map(figures));
	const hello = b.at(-1)!.programs.find(candidate => candidate.id === program!.id);
	assert.ok(hello && hello.events_per_sec > 0, 'the program and its rate are in the replay');
});

test('the README demo\'s committed recording still replays with this version', () => {
	const result = runCli(['--replay', new URL('../../media/real-session.bpftop.gz', import.meta.url).pathname, '--json']);
	assert.equal(result.status, 0, result.stderr);
	const replayed = documents(result.stdout);
	assert.ok(replayed.length > 10);
	assert.ok(replayed.some(document => document.programs.some(program => program.name === 'sys_enter_opena')), 'bpftrace\'s program is there');
});
