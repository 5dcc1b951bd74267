// --listen on the emulator: /metrics served headless and alongside the screen, only GET /metrics, on
// 127.0.0.1 by default, and clients that stall never hold up the refreshes or other scrapes.
import assert from 'node:assert/strict';
import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {connect, createServer} from 'node:net';
import {after, test} from 'node:test';
import {cliPath, runCli, runInPty} from '../helpers/cli.js';

const children: ChildProcessWithoutNullStreams[] = [];
after(() => {
	for (const child of children) child.kill('SIGKILL');
});

/** Starts the CLI and waits for the address it serves /metrics at (it says so on stderr). */
async function serve(args: string[], env: Record<string, string> = {}): Promise<{child: ChildProcessWithoutNullStreams; url: string; stdout: () => string; stderr: () => string}> {
	const child = spawn(process.execPath, [cliPath, ...args], {env: {...process.env, ...env}});
	children.push(child);
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
	child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
	const deadline = Date.now() + 20_000;
	for (;;) {
		const match = /serving metrics at (\S+)/.exec(stderr);
		if (match) return {child, url: match[1]!, stdout: () => stdout, stderr: () => stderr};
		if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no metrics address: ${stderr}`);
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

function runs(text: string, name: string): number {
	const match = new RegExp(`^bpftop_program_runs_total\\{[^}]*name="${name}"[^}]*\\} (\\d+)$`, 'm').exec(text);
	assert.ok(match, `${name} in\n${text.slice(0, 2000)}`);
	return Number(match[1]);
}

async function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
	child.kill('SIGTERM');
	return new Promise(resolve => child.once('close', resolve));
}

test('headless: GET /metrics serves the figures, which grow; nothing else is answered; no snapshots printed', async () => {
	const {child, url, stdout} = await serve(['--backend', 'emulator', '--listen', '0', '--interval', '0.3']);
	assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/, 'bound to 127.0.0.1 unless told otherwise');
	await new Promise(resolve => setTimeout(resolve, 1000));
	const first = await fetch(url);
	assert.equal(first.status, 200);
	assert.match(first.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
	const text = await first.text();
	assert.match(text, /^# TYPE bpftop_program_runs_total counter$/m);
	assert.match(text, /^bpftop_programs \d+$/m);
	assert.match(text, /^bpftop_stats_enabled 1$/m);
	assert.match(text, /^bpftop_map_memory_bytes\{id="\d+",name="hello\.bss",type="array"\} \d+$/m);
	assert.doesNotMatch(text, /host=/, 'no host label without --host');
	await new Promise(resolve => setTimeout(resolve, 800));
	assert.ok(runs(await (await fetch(url)).text(), 'conntrack') > runs(text, 'conntrack'), 'the counters grow');

	const base = url.replace(/\/metrics$/, '');
	assert.equal((await fetch(`${base}/`)).status, 404);
	assert.equal((await fetch(`${base}/metrics/x`)).status, 404);
	assert.equal((await fetch(`${base}/metric`)).status, 404);
	const post = await fetch(url, {method: 'POST', body: 'x'});
	assert.equal(post.status, 405);
	assert.equal(post.headers.get('allow'), 'GET');
	assert.equal((await fetch(`${url}?name[]=x`)).status, 200);
	assert.equal(stdout(), '', 'headless: no snapshots on stdout');
	await stop(child);
});

test('clients that stall (a half-sent request, a response never read) hold up neither the refreshes nor other scrapes', async () => {
	// 1,000 programs: a response of ~1 MB, more than the socket buffers take, so an unread one stays pending.
	const {child, url} = await serve(['--backend', 'emulator', '--listen', '127.0.0.1:0', '--interval', '0.3'], {BPFTOP_EMULATOR_PROGRAMS: '1000'});
	const {port} = new URL(url);
	await new Promise(resolve => setTimeout(resolve, 1500));
	const stuck = connect(Number(port), '127.0.0.1', () => stuck.write('GET /metrics HTTP/1.1\r\nHost: x\r\n'));
	const unread = connect(Number(port), '127.0.0.1', () => unread.write('GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n'));
	unread.pause();
	try {
		await new Promise(resolve => setTimeout(resolve, 300));
		const before = Date.now();
		const first = await (await fetch(url)).text();
		await new Promise(resolve => setTimeout(resolve, 1500));
		const second = await (await fetch(url)).text();
		assert.ok(Date.now() - before < 5000, 'scrapes answered while others stall');
		assert.ok(runs(second, 'conntrack') > runs(first, 'conntrack'), 'refreshes went on');
	} finally {
		stuck.destroy();
		unread.destroy();
		await stop(child);
	}
});

test('--listen alongside the screen; with --json -n it also prints snapshots', async () => {
	const port = await freePort();
	const run = runInPty(['--backend', 'emulator', '--listen', `127.0.0.1:${port}`], {columns: 120, rows: 30});
	try {
		await run.waitFor('hello', 20_000);
		const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
		assert.ok(runs(text, 'hello') >= 0);
		run.write('q');
		assert.equal((await run.exited).exitCode, 0);
	} finally {
		run.kill('SIGKILL');
	}

	const printed = await serve(['--backend', 'emulator', '--listen', '0', '-n', '2', '--json', '--interval', '0.3']);
	const code = await new Promise(resolve => printed.child.once('close', resolve));
	assert.equal(code, 0, printed.stderr());
	assert.equal(printed.stdout().trim().split('\n').length, 2);
});

test('an address in use or bad: one line, and the monitor does not start', async () => {
	const server = createServer();
	const port = await new Promise<number>(resolve => server.listen(0, '127.0.0.1', () => resolve((server.address() as {port: number}).port)));
	try {
		const busy = runCli(['--backend', 'emulator', '--listen', `127.0.0.1:${port}`, '-b']);
		assert.equal(busy.status, 1);
		assert.match(busy.stderr, new RegExp(`--listen 127\\.0\\.0\\.1:${port}: the address is in use`));
	} finally {
		server.close();
	}

	const bad = runCli(['--backend', 'emulator', '--listen', 'nowhere:port']);
	assert.equal(bad.status, 2);
	assert.match(bad.stderr, /--listen must be HOST:PORT or PORT/);
});

async function freePort(): Promise<number> {
	const server = createServer();
	const port = await new Promise<number>(resolve => server.listen(0, '127.0.0.1', () => resolve((server.address() as {port: number}).port)));
	await new Promise(resolve => server.close(resolve));
	return port;
}
