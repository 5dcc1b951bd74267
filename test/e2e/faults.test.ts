// A misbehaving bpftool (a stand-in script) never crashes the monitor: --once says what went wrong
// in one line; the interactive monitor keeps its last good data, shows the error and recovers.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {cliPath, runCli, runInPty} from '../helpers/cli.js';

const fake = fileURLToPath(new URL('../fixtures/fake-bpftool/bpftool.cjs', import.meta.url));
const once = (mode: string) =>
	runCli(['--backend', 'bpftool', '--bpftool', fake, '--once', '--json', '--interval', '0.2'], {env: {FAKE_BPFTOOL_MODE: mode}, timeoutMs: 30_000});

const cases: Array<[string, RegExp]> = [
	['truncated', /^bpftop-ts: bpftool printed malformed JSON/],
	['garbage', /^bpftop-ts: bpftool printed malformed JSON/],
	['empty', /^bpftop-ts: bpftool answered nothing/],
	['error255', /^bpftop-ts: bpftool prog show: something broke inside bpftool/],
	['permission', /^bpftop-ts: bpftool prog show: can't get next program: Operation not permitted \(run as root, or with CAP_BPF and CAP_PERFMON\)/],
	['killed', /^bpftop-ts: bpftool was killed by SIGSEGV/],
	['old', /^bpftop-ts: ".*bpftool\.cjs" does not look like a bpftool with JSON output \(need bpftool 5\.x or newer\)/],
	['hang', /^bpftop-ts: bpftool did not answer within 5\.0 s/],
];

for (const [mode, message] of cases) {
	test(`--once with a bpftool that is ${mode}: one clear line, exit 1, no stack trace`, () => {
		const started = Date.now();
		const result = once(mode);
		assert.equal(result.status, 1, result.stderr);
		assert.match(result.stderr, message);
		assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
		assert.equal(result.stdout, '');
		// A hang is given up on by itself within a few seconds.
		assert.ok(Date.now() - started < 15_000);
	});
}

test('a working stand-in gives a normal snapshot', () => {
	const result = once('good');
	assert.equal(result.status, 0, result.stderr);
	const document = JSON.parse(result.stdout) as {programs: Array<{name: string; events_per_sec: number}>};
	assert.equal(document.programs[0]?.name, 'fake_prog');
	assert.ok(document.programs[0]!.events_per_sec > 0);
});

test('interactive: keeps the last good data, shows the error, and recovers when bpftool works again', async () => {
	const modeFile = join(mkdtempSync(join(tmpdir(), 'bpftop-fake-')), 'mode');
	writeFileSync(modeFile, 'good\n');
	const run = runInPty(['--backend', 'bpftool', '--bpftool', fake, '--interval', '0.2'], {env: {FAKE_BPFTOOL_MODE_FILE: modeFile}});
	try {
		await run.waitFor(/42 xdp +fake_prog/);
		writeFileSync(modeFile, 'garbage\n');
		await run.waitFor(/! bpftool printed malformed JSON/);
		assert.match(await run.screen(), /fake_prog/, 'the last good data stays on screen');
		writeFileSync(modeFile, 'good\n');
		// Back-off is at most a few intervals here; the error line goes away on the next success.
		const deadline = Date.now() + 15_000;
		for (;;) {
			const screen = await run.screen();
			if (screen.includes('fake_prog') && !screen.includes('malformed')) break;
			assert.ok(Date.now() < deadline, `did not recover; screen:\n${screen}`);
			await new Promise(resolve => setTimeout(resolve, 50));
		}

		run.write('q');
		assert.equal((await run.exited).exitCode, 0);
	} finally {
		run.kill();
	}
});

test('stdout closed early (piped into head) ends quietly with exit 0', async () => {
	const child = spawn(process.execPath, [cliPath, '--backend', 'bpftool', '--bpftool', fake, '--json', '-n', '1000', '--interval', '0.05'], {
		env: {...process.env, FAKE_BPFTOOL_MODE: 'good'},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stderr = '';
	child.stderr.on('data', chunk => {
		stderr += String(chunk);
	});
	// Like `head -1`: read one line, then close our end of the pipe.
	await new Promise<void>(resolve => {
		child.stdout.once('data', () => {
			child.stdout.destroy();
			resolve();
		});
	});
	const code = await new Promise<number | null>(resolve => child.on('exit', resolve));
	assert.equal(code, 0, stderr);
	assert.doesNotMatch(stderr, /EPIPE|Error|at /);
});
