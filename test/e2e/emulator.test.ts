// The emulator through the real CLI: no root needed, a seed repeats, auto falls back with a reason,
// and --load runs a learner's object.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {cliPath, runCli, runInPty} from '../helpers/cli.js';
import {compileBpf} from '../helpers/kernel.js';

type Doc = {backend: string; backend_label: string; programs: Array<{id: number; name: string; type: string; tag: string; run_cnt: number; events_per_sec: number}>; maps: Array<{name: string}>};
const once = (...args: string[]) => {
	const result = runCli(['--once', '--json', ...args]);
	assert.equal(result.status, 0, result.stderr);
	return JSON.parse(result.stdout) as Doc;
};

const hasClang = spawnSync('sh', ['-c', 'command -v clang']).status === 0;

test('--backend emulator --once: the seed scenario with the book\'s hello programs and live rates', () => {
	const document = once('--backend', 'emulator');
	assert.equal(document.backend, 'emulator');
	const xdp = document.programs.find(program => program.name === 'hello' && program.type === 'xdp');
	assert.ok(xdp);
	assert.equal(xdp.tag, 'd35b94b4c0c10efb');
	assert.ok(document.programs.some(program => program.name === 'hello' && program.type === 'raw_tracepoint'));
	assert.ok(document.programs.length >= 7);
	assert.ok(new Set(document.programs.map(program => program.type)).size >= 4);
	assert.ok(document.programs.every(program => program.events_per_sec > 0));
	assert.ok(document.maps.some(map => map.name === 'hello.bss'));
});

test('the same seed gives the same snapshot; another seed other counts', () => {
	const key = (document: Doc) => document.programs.map(({id, name, tag, run_cnt}) => ({id, name, tag, run_cnt}));
	const a = once('--backend', 'emulator', '--seed', '5');
	const b = once('--backend', 'emulator', '--seed', '5');
	const c = once('--backend', 'emulator', '--seed', '6');
	assert.deepEqual(key(a), key(b));
	assert.notDeepEqual(key(a).map(program => program.run_cnt), key(c).map(program => program.run_cnt));
});

test('--kernel-version 6.18 gives the SHA-256 era tag', () => {
	const document = once('--backend', 'emulator', '--kernel-version', '6.18');
	assert.equal(document.programs.find(program => program.type === 'xdp' && program.name === 'hello')?.tag, '490c48c1179970a8');
});

test('auto without a usable bpftool falls back to the emulator and says why', () => {
	const document = once('--bpftool', '/nonexistent/bpftool');
	assert.equal(document.backend, 'emulator');
	assert.match(document.backend_label, /^emulator: no BPF access \(bpftool not found at "\/nonexistent\/bpftool"/);
});

test('--load runs a compiled object in the emulator; --load-only replaces the scenario', {skip: hasClang ? undefined : 'clang is not installed'}, () => {
	const object = compileBpf('hello');
	const document = once('--backend', 'emulator', '--load-only', '--load', object, '--kernel-version', '6.18');
	assert.deepEqual(document.programs.map(program => [program.name, program.type, program.tag]), [['hello', 'xdp', '490c48c1179970a8']]);
	assert.deepEqual(document.maps.map(map => map.name).sort(), ['hello.bss', 'hello.rodata']);
	assert.ok(document.programs[0]!.events_per_sec > 0);
});

test('a bad object: one line naming the file and the problem, exit 1, nothing loaded', () => {
	const dir = mkdtempSync(join(tmpdir(), 'bpftop-bad-'));
	const bad = join(dir, 'notelf.o');
	writeFileSync(bad, 'this is not an ELF file');
	const result = runCli(['--backend', 'emulator', '--once', '--load', bad]);
	assert.equal(result.status, 1);
	assert.match(result.stderr, /^bpftop-ts: .*notelf\.o: not an ELF file\n$/);
	const missing = runCli(['--backend', 'emulator', '--once', '--load', join(dir, 'missing.o')]);
	assert.equal(missing.status, 1);
	assert.match(missing.stderr, /missing\.o: no such file/);
});

test('--load with --backend bpftool is a usage error', () => {
	const result = runCli(['--backend', 'bpftool', '--load', 'x.o']);
	assert.equal(result.status, 2);
	assert.match(result.stderr, /--load loads objects into the emulator/);
});

test('interactive on the emulator, as an unprivileged user would run it: draws and quits with q', async () => {
	const run = runInPty(['--backend', 'emulator']);
	try {
		await run.waitFor(/bpftop-ts │ emulator │/);
		await run.waitFor(/xdp +hello +d35b94b4c0c10efb +\S+ +[1-9]/);
		run.write('q');
		assert.equal((await run.exited).exitCode, 0);
	} finally {
		run.kill();
	}
});

const asNobody = process.getuid?.() === 0 && spawnSync('id', ['nobody']).status === 0 && spawnSync('sh', ['-c', 'command -v bpftool && command -v runuser']).status === 0;

test('an unprivileged user: auto falls back to the emulator and names the cause; --backend bpftool says what to do', {skip: asNobody ? undefined : 'needs root (to run as nobody) and bpftool'}, () => {
	const run = (...args: string[]) => spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, cliPath, ...args], {encoding: 'utf8', cwd: '/'});
	const auto = run('--once', '--json');
	assert.equal(auto.status, 0, auto.stderr);
	const document = JSON.parse(auto.stdout) as Doc;
	assert.equal(document.backend, 'emulator');
	assert.match(document.backend_label, /^emulator: no BPF access \(.*Operation not permitted \(run as root, or with CAP_BPF and CAP_PERFMON\)\)$/);
	const real = run('--backend', 'bpftool', '--once');
	assert.equal(real.status, 1);
	assert.match(real.stderr, /^bpftop-ts: bpftool prog show: can't get next program: Operation not permitted \(run as root, or with CAP_BPF and CAP_PERFMON\)\n$/);
});
