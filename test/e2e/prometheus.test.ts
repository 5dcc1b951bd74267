// /metrics read by a real Prometheus (Debian's package): it scrapes the monitor every second on
// 127.0.0.1 while a test program counts loopback packets in a namespace of ours; its HTTP API must
// show the series with their labels, and the counters growing.
import assert from 'node:assert/strict';
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import {cliPath} from '../helpers/cli.js';
import {sshdSkipReason, sshFixture} from '../helpers/sshd.js';
import {attachXdpGeneric, compileBpf, createNetns, kernelSkipReason, loadProgram, startLoopbackUdp, type Loaded} from '../helpers/kernel.js';
import {runCleanups} from '../helpers/cleanups.js';

const prometheusMissing = spawnSync('sh', ['-c', 'command -v prometheus']).status === 0 ? undefined : 'prometheus is not installed (apt-get install prometheus)';
const skip = kernelSkipReason() ?? prometheusMissing;
const cleanups: Array<() => void> = [];
let program: Loaded;
let api = '';
let hosts: string[] = [];

before(async () => {
	if (skip) return;
	program = loadProgram(compileBpf('counters'), 'prom');
	cleanups.push(() => program.remove());
	const netns = createNetns('prom');
	cleanups.push(() => netns.remove());
	attachXdpGeneric(netns, program.id);
	const traffic = startLoopbackUdp(netns, 200);
	cleanups.push(() => traffic.stop());

	const monitor = spawn(process.execPath, [cliPath, '--backend', 'bpftool', '--listen', '127.0.0.1:0', '--interval', '1'], {stdio: ['ignore', 'ignore', 'pipe']});
	cleanups.push(() => monitor.kill('SIGTERM'));
	const targets = [await addressFrom(monitor)];
	// Two hosts over ssh (this machine twice), in a job of their own.
	if (!sshdSkipReason()) {
		const ssh = sshFixture();
		cleanups.push(() => ssh.cleanup());
		hosts = [(await ssh.start()).host, (await ssh.start()).host];
		const fleet = spawn(process.execPath, [cliPath, '--ssh-config', ssh.configFile, ...hosts.flatMap(host => ['--host', host]), '--listen', '127.0.0.1:0'], {stdio: ['ignore', 'ignore', 'pipe']});
		cleanups.push(() => fleet.kill('SIGTERM'));
		targets.push(await addressFrom(fleet));
	}

	const dir = mkdtempSync(join(tmpdir(), 'bpftop-prometheus-'));
	cleanups.push(() => rmSync(dir, {recursive: true, force: true}));
	const config = join(dir, 'prometheus.yml');
	const job = (name: string, target: string) => [`  - job_name: ${name}`, '    static_configs:', `      - targets: ['${target}']`];
	writeFileSync(
		config,
		['global:', '  scrape_interval: 1s', '  evaluation_interval: 1s', 'scrape_configs:', ...job('bpftop', targets[0]!), ...(targets[1] ? job('fleet', targets[1]) : []), ''].join('\n'),
	);
	const port = await freePort();
	const prometheus: ChildProcess = spawn(
		'prometheus',
		[`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
		{stdio: 'ignore'},
	);
	cleanups.push(() => prometheus.kill('SIGKILL'));
	api = `http://127.0.0.1:${port}`;
	await until(async () => (await fetch(`${api}/-/ready`).catch(() => undefined))?.ok === true, 'prometheus ready', 60_000);
});

after(() => runCleanups(cleanups));

type Vector = Array<{metric: Record<string, string>; value: [number, string]}>;

async function query(expression: string): Promise<Vector> {
	const response = await fetch(`${api}/api/v1/query?query=${encodeURIComponent(expression)}`);
	const body = (await response.json()) as {status: string; data: {resultType: string; result: Vector}};
	assert.equal(body.status, 'success');
	return body.data.result;
}

test('Prometheus scrapes the series with their labels, and the run counters grow under traffic', {skip, timeout: 120_000}, async () => {
	const id = String(program.id);
	await until(async () => (await query(`bpftop_program_runs_total{job="bpftop",id="${id}"}`)).length === 1, 'the program series scraped', 30_000);
	const [series] = await query(`bpftop_program_runs_total{job="bpftop",id="${id}"}`);
	assert.deepEqual({...series!.metric, instance: undefined}, {__name__: 'bpftop_program_runs_total', id, name: program.name, type: 'xdp', tag: program.tag, job: 'bpftop', instance: undefined});
	const first = Number(series!.value[1]);

	await until(async () => Number((await query(`bpftop_program_runs_total{job="bpftop",id="${id}"}`))[0]?.value[1] ?? 0) > first + 200, 'runs grew by 200 packets', 20_000);
	await until(async () => Number((await query(`rate(bpftop_program_runs_total{job="bpftop",id="${id}"}[5s])`))[0]?.value[1] ?? 0) > 50, 'a rate Prometheus computes', 20_000);
	assert.ok(Number((await query(`bpftop_program_run_seconds_total{job="bpftop",id="${id}"}`))[0]!.value[1]) > 0);
	// Counters never went down: Prometheus saw no reset.
	assert.equal(Number((await query(`resets(bpftop_program_runs_total{job="bpftop",id="${id}"}[1m])`))[0]!.value[1]), 0);

	assert.equal((await query('up{job="bpftop"}'))[0]?.value[1], '1');
	assert.equal((await query('bpftop_stats_enabled{job="bpftop"}'))[0]?.value[1], '1');
	assert.ok(Number((await query('bpftop_programs{job="bpftop"}'))[0]!.value[1]) >= 1);
	for (const mapId of program.mapIds) {
		assert.ok(Number((await query(`bpftop_map_memory_bytes{job="bpftop",id="${mapId}"}`))[0]?.value[1] ?? 0) > 0, `map ${mapId} memory`);
		assert.equal((await query(`bpftop_map_max_entries{job="bpftop",id="${mapId}"}`)).length, 1);
	}

	assert.equal((await query('bpftop_map_entries{job="bpftop",name="counters.bss"}'))[0]?.value[1], '1', 'an array holds all its entries');
});

test('with --host: every series has its host label, and each host is up', {skip: skip ?? sshdSkipReason(), timeout: 120_000}, async () => {
	const id = String(program.id);
	await until(async () => (await query(`bpftop_program_runs_total{job="fleet",id="${id}"}`)).length === 2, 'the program on both hosts', 40_000);
	const found = await query(`bpftop_program_runs_total{job="fleet",id="${id}"}`);
	assert.deepEqual(found.map(series => series.metric['host']).sort(), [...hosts].sort());
	assert.ok(found.every(series => series.metric['name'] === program.name && series.metric['tag'] === program.tag));
	for (const host of hosts) {
		assert.equal((await query(`bpftop_host_up{job="fleet",host="${host}"}`))[0]?.value[1], '1');
		assert.equal((await query(`bpftop_stats_enabled{job="fleet",host="${host}"}`))[0]?.value[1], '1');
	}

	await until(async () => Number((await query(`min(rate(bpftop_program_runs_total{job="fleet",id="${id}"}[5s]))`))[0]?.value[1] ?? 0) > 50, 'both hosts count the traffic', 20_000);
});

async function addressFrom(child: ChildProcess): Promise<string> {
	let stderr = '';
	child.stderr!.on('data', (data: Buffer) => (stderr += data.toString()));
	await until(() => /serving metrics at http:\/\/([\d.:]+)\/metrics/.test(stderr) || child.exitCode !== null, 'the monitor serving', 20_000);
	const match = /serving metrics at http:\/\/([\d.:]+)\/metrics/.exec(stderr);
	assert.ok(match, stderr);
	return match[1]!;
}

async function freePort(): Promise<number> {
	const server = createServer();
	const port = await new Promise<number>(resolve => server.listen(0, '127.0.0.1', () => resolve((server.address() as {port: number}).port)));
	await new Promise(resolve => server.close(resolve));
	return port;
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
		await new Promise(resolve => setTimeout(resolve, 250));
	}
}
