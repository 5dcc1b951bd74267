// The single executable (npm run sea) on a machine without Node.js: copied alone into an empty
// directory and run with a PATH that holds no node, in batch mode and on a pseudo-terminal.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import pty from 'node-pty';
import {kernelSkipReason} from '../helpers/kernel.js';
import {VirtualScreen} from '../helpers/screen.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const built = join(root, 'dist', 'sea', `bpftop-ts-linux-${process.arch}`);
const {version} = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {version: string};
const timeout = 120_000;
let dir = '';
let binary = '';
let emptyPath = '';

before(() => {
	// Made again when the bundle is newer than it (npm test builds the bundle first).
	if (!existsSync(built) || statSync(built).mtimeMs < statSync(join(root, 'dist', 'bundle.cjs')).mtimeMs) {
		const sea = spawnSync(process.execPath, [join(root, 'scripts', 'sea.mjs')], {encoding: 'utf8', timeout});
		assert.equal(sea.status, 0, sea.stderr);
	}

	dir = mkdtempSync(join(tmpdir(), 'bpftop-sea-'));
	binary = join(dir, 'bpftop-ts');
	copyFileSync(built, binary);
	emptyPath = join(dir, 'bin');
	mkdirSync(emptyPath);
});

after(() => rmSync(dir, {recursive: true, force: true}));

/** The environment of a server without Node.js: nothing on PATH (or only what is given). */
const bare = (path = emptyPath) => ({PATH: path, HOME: dir, TERM: 'xterm-256color', CI: 'false'});

test('alone in a directory, with no node on PATH: --version, --help and --once --json on the emulator', {timeout}, () => {
	assert.deepEqual(readdirSync(dir).sort(), ['bin', 'bpftop-ts']);
	assert.notEqual(spawnSync('/bin/sh', ['-c', 'command -v node'], {env: bare()}).status, 0, 'no node on this PATH');
	const run = (args: string[]) => spawnSync(binary, args, {cwd: dir, encoding: 'utf8', env: bare(), timeout: 30_000});
	assert.equal(run(['--version']).stdout.trim(), version);
	assert.match(run(['--help']).stdout, /Usage\s+\$ bpftop-ts/);
	const once = run(['--backend', 'emulator', '--once', '--json']);
	assert.equal(once.status, 0, once.stderr);
	const snapshot = JSON.parse(once.stdout) as {backend: string; programs: Array<{name: string}>};
	assert.equal(snapshot.backend, 'emulator');
	assert.ok(snapshot.programs.some(program => program.name === 'hello'));
	// Bad input still gets its one line and exit code 2.
	const bad = run(['--interval', 'soon']);
	assert.equal(bad.status, 2);
	assert.match(bad.stderr, /--interval/);
});

/** The executable on a pseudo-terminal; resolves with the screen once `ready` shows, and its pid. */
async function onTerminal(args: string[], env: Record<string, string>, ready: RegExp, body: (screen: string, pid: number) => void | Promise<void>) {
	const child = pty.spawn(binary, args, {name: 'xterm-256color', cols: 120, rows: 40, cwd: dir, env});
	let output = '';
	child.onData(data => {
		output += data;
	});
	const exited = new Promise<{exitCode: number}>(resolve => {
		child.onExit(resolve);
	});
	try {
		const screen = new VirtualScreen(120, 40);
		const deadline = Date.now() + 30_000;
		let text = '';
		let replayed = 0;
		while (!ready.test(text)) {
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(ready)}:\n${text}`);
			await new Promise(resolve => setTimeout(resolve, 100));
			await screen.write(output.slice(replayed));
			replayed = output.length;
			text = screen.lines().join('\n');
		}

		await body(text, child.pid);
		child.write('q');
		assert.equal((await exited).exitCode, 0);
		await screen.write(output.slice(replayed));
		assert.equal(screen.bufferType(), 'normal', 'the screen given back');
		screen.dispose();
	} finally {
		try {
			child.kill('SIGKILL');
		} catch {}
	}
}

test('the full screen on a pseudo-terminal, q gives the terminal back', {timeout}, async () => {
	await onTerminal(['--backend', 'emulator'], bare(), /\d+ programs, \d+ maps/, screen => {
		assert.match(screen, /^bpftop-ts │ emulator/);
		assert.match(screen, /ID TYPE/);
	});
});

test('on the real kernel it calls bpf(2) through the koffi it carries', {timeout, skip: kernelSkipReason()}, async () => {
	// bpftool is all it needs from the machine.
	const tools = join(dir, 'tools');
	mkdirSync(tools, {recursive: true});
	const bpftool = spawnSync('sh', ['-c', 'command -v bpftool'], {encoding: 'utf8'}).stdout.trim();
	symlinkSync(bpftool, join(tools, 'bpftool'));
	await onTerminal(['--backend', 'bpftool'], bare(tools), /\d+ programs, \d+ maps/, (screen, pid) => {
		assert.match(screen, /stats on \((fd|already-on)\)/);
		// koffi's native module, written out of the executable, loaded, and its file removed.
		assert.match(readFileSync(`/proc/${pid}/maps`, 'utf8'), /bpftop-ts-\w+\/koffi-\w+\.node \(deleted\)/);
	});
});
