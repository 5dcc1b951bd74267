// --host against real OpenSSH servers on 127.0.0.1 (one port per "host"; every host is this machine's
// kernel): the merged view, hosts that refuse the key or lack bpftool, a host killed mid-session,
// run-time stats held on the host and given back, quoting of odd arguments, and the remote trace.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import {cliPath, runCli, runInPty} from '../helpers/cli.js';
import {attachXdpGeneric, compileBpf, createNetns, kernelSkipReason, loadProgram, startLoopbackUdp, type Loaded, type Netns} from '../helpers/kernel.js';
import {descendants, sshdSkipReason, sshFixture, statsHolderPids, sudoSkipReason, throwawayUser, type SshFixture, type Sshd} from '../helpers/sshd.js';
import {runCleanups} from '../helpers/cleanups.js';

const skip = kernelSkipReason() ?? sshdSkipReason();
const cleanups: Array<() => void> = [];
let ssh: SshFixture;
let good: Sshd;
let second: Sshd;
let program: Loaded;

before(async () => {
	if (skip) return;
	ssh = sshFixture();
	cleanups.push(() => ssh.cleanup());
	good = await ssh.start();
	second = await ssh.start();
	program = loadProgram(compileBpf('printk'), 'hosts');
	cleanups.push(() => program.remove());
	const netns: Netns = createNetns('hosts');
	cleanups.push(() => netns.remove());
	attachXdpGeneric(netns, program.id);
	const traffic = startLoopbackUdp(netns, 50);
	cleanups.push(() => traffic.stop());
});

after(() => runCleanups(cleanups));

type Host = {host: string; state: string; error: string | null; stats_enabled: boolean; backend_label: string};
type Document = {
	hosts: Host[];
	programs: Array<{host: string; id: number; name: string; run_cnt?: number; events_per_sec: number}>;
	maps: Array<{host: string; id: number}>;
	problems: string[];
	time: string;
};

const hostArgs = (...hosts: string[]) => hosts.flatMap(host => ['--host', host]);

test('two hosts over ssh: one document, every program and map with its host, both hosts up with stats on', {skip}, () => {
	const result = runCli(['--once', '--json', '--interval', '1', '--ssh-config', ssh.configFile, ...hostArgs(good.host, second.host)], {timeoutMs: 60_000});
	assert.equal(result.status, 0, result.stderr);
	const document = JSON.parse(result.stdout) as Document;
	assert.deepEqual(
		document.hosts.map(host => [host.host, host.state, host.stats_enabled]),
		[
			[good.host, 'up', true],
			[second.host, 'up', true],
		],
	);
	for (const host of [good.host, second.host]) {
		const mine = document.programs.find(candidate => candidate.host === host && candidate.id === program.id);
		assert.ok(mine, `program ${program.id} on ${host}`);
		assert.equal(mine.name, 'printk_xdp');
		// Stats are held on through the host: the program's runs are counted.
		assert.ok(mine.events_per_sec > 0, `${host}: ${JSON.stringify(mine)}`);
		assert.ok(document.maps.some(map => map.host === host && program.mapIds.includes(map.id)));
	}

	assert.match(document.hosts[0]!.backend_label, /bpftool v\d/);
});

test('text output: a HOST column; CSV: a host column', {skip}, () => {
	const text = runCli(['--once', '--interval', '0.5', '--ssh-config', ssh.configFile, ...hostArgs(good.host, second.host)], {timeoutMs: 60_000});
	assert.equal(text.status, 0, text.stderr);
	const [, header, ...rows] = text.stdout.split('\n');
	assert.match(header!, /^HOST +ID +TYPE/);
	for (const host of [good.host, second.host]) assert.ok(rows.some(row => row.startsWith(host) && row.includes('printk_xdp')), `${host} in\n${text.stdout}`);

	const csv = runCli(['--once', '--csv', '--interval', '0.5', '--ssh-config', ssh.configFile, ...hostArgs(good.host, second.host)], {timeoutMs: 60_000});
	assert.equal(csv.status, 0, csv.stderr);
	const lines = csv.stdout.trim().split('\n');
	assert.match(lines[0]!, /^time,host,id,type,name,tag,/);
	assert.ok(lines.some(line => line.includes(`,${good.host},${program.id},xdp,printk_xdp,`)));
});

test('a host that refuses the key and one without bpftool are shown down with why; the good host is watched; exit 1', {skip}, async () => {
	const refusing = await ssh.start({refuseKey: true});
	// bpftool is in /usr/sbin: a session PATH without it stands for a host that lacks it.
	const lacking = await ssh.start({path: '/usr/bin:/bin'});
	const result = runCli(['--once', '--json', '--interval', '0.5', '--ssh-config', ssh.configFile, ...hostArgs(good.host, refusing.host, lacking.host)], {timeoutMs: 60_000});
	assert.equal(result.status, 1, result.stderr);
	const document = JSON.parse(result.stdout) as Document;
	const byHost = new Map(document.hosts.map(host => [host.host, host]));
	assert.equal(byHost.get(good.host)?.state, 'up');
	assert.equal(byHost.get(refusing.host)?.state, 'down');
	assert.match(byHost.get(refusing.host)!.error!, /refused the key: .*Permission denied \(publickey\)/);
	assert.equal(byHost.get(lacking.host)?.state, 'down');
	assert.match(byHost.get(lacking.host)!.error!, /no bpftool: "bpftool" was not found on the host/);
	assert.ok(document.programs.some(candidate => candidate.host === good.host && candidate.id === program.id));
	assert.ok(!document.programs.some(candidate => candidate.host !== good.host));
	assert.match(result.stderr, new RegExp(`${refusing.host.replaceAll('.', '\\.')}: refused the key`));
	assert.ok(document.problems.some(problem => problem.startsWith(`${lacking.host}: no bpftool`)));
	refusing.kill();
	lacking.kill();
});

test('a user that is not root: through sudo -n where allowed (stats held, programs listed), refused with why where not', {skip: skip ?? sudoSkipReason()}, () => {
	const allowed = throwawayUser(`bpftop-s${process.pid}`, {sudo: true});
	const refused = throwawayUser(`bpftop-n${process.pid}`, {sudo: false});
	try {
		const result = runCli(['--once', '--json', '--interval', '0.5', '--ssh-config', ssh.configFile, ...hostArgs(`${allowed.name}@${good.host}`, `${refused.name}@${good.host}`)], {timeoutMs: 60_000});
		assert.equal(result.status, 1, result.stderr);
		const document = JSON.parse(result.stdout) as Document;
		const [withSudo, without] = document.hosts;
		assert.equal(withSudo!.state, 'up', JSON.stringify(withSudo));
		assert.equal(withSudo!.stats_enabled, true);
		assert.ok(document.programs.some(candidate => candidate.host === `${allowed.name}@${good.host}` && candidate.id === program.id && candidate.events_per_sec > 0));
		assert.equal(without!.state, 'down');
		assert.match(without!.error!, /^sudo -n failed: .*password is required/);
	} finally {
		allowed.remove();
		refused.remove();
	}
});

test('odd arguments reach the host intact: a bpftool path with spaces, quotes, $() and a newline', {skip}, () => {
	const dir = mkdtempSync(join(tmpdir(), 'bpftop-odd-'));
	try {
		const odd = join(dir, `it's a "dir" $(touch ${dir}/pwned) \`id\` ;\nnext`);
		mkdirSync(odd, {recursive: true});
		symlinkSync('/usr/sbin/bpftool', join(odd, 'bpftool'));
		const result = runCli(['--once', '--json', '--interval', '0.5', '--ssh-config', ssh.configFile, '--bpftool', join(odd, 'bpftool'), '--host', good.host], {timeoutMs: 60_000});
		assert.equal(result.status, 0, result.stderr);
		const document = JSON.parse(result.stdout) as Document;
		assert.ok(document.programs.some(candidate => candidate.id === program.id && candidate.host === good.host));
		assert.ok(!existsSync(join(dir, 'pwned')), 'nothing in the path was run by a shell');
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
});

test('a host killed mid-session is shown down and retried; the other host refreshes on time; stats holders end', {skip}, async () => {
	const doomed = await ssh.start();
	const holdersBefore = new Set(statsHolderPids());
	const child = spawn(process.execPath, [cliPath, '-b', '--json', '--interval', '0.5', '--ssh-config', ssh.configFile, ...hostArgs(good.host, doomed.host)], {stdio: ['ignore', 'pipe', 'pipe']});
	const documents: Array<{at: number; document: Document}> = [];
	let partial = '';
	let stderr = '';
	child.stdout.setEncoding('utf8');
	child.stdout.on('data', (text: string) => {
		const lines = (partial + text).split('\n');
		partial = lines.pop() ?? '';
		for (const line of lines) documents.push({at: Date.now(), document: JSON.parse(line) as Document});
	});
	child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
	try {
		await until(() => documents.length >= 3 && documents.at(-1)!.document.hosts.every(host => host.state === 'up'), 'both hosts up', 30_000);
		const ours = statsHolderPids().filter(pid => !holdersBefore.has(pid));
		assert.equal(ours.length, 2, 'one stats holder per host');
		const doomedHolder = ours.find(pid => descendants(doomed.pid).includes(pid));
		assert.ok(doomedHolder, 'the killed host holds stats through its own session');

		// The host's sshd dies, its sessions too; what ran in them must end by itself.
		doomed.kill({sshdOnly: true});
		const killedAt = Date.now();
		await until(() => documents.some(({at, document}) => at > killedAt && hostState(document, doomed.host) === 'down'), 'the killed host shown down', 30_000);
		const down = documents.find(({at, document}) => at > killedAt && hostState(document, doomed.host) === 'down')!.document;
		assert.match(down.hosts.find(host => host.host === doomed.host)!.error!, /connection lost|unreachable|ended/);
		await until(() => !running(doomedHolder), 'the connection dropped, and with it the stats holder on the host', 5000);

		// Keep watching a while: the good host goes on at its interval while the other is retried.
		const from = documents.length;
		await new Promise(resolve => setTimeout(resolve, 4000));
		const later = documents.slice(from);
		assert.ok(later.length >= 5, `documents while a host is down: ${later.length}`);
		for (const {document} of later) {
			assert.equal(hostState(document, good.host), 'up');
			assert.equal(hostState(document, doomed.host), 'down');
		}

		const gaps = later.slice(1).map((item, index) => item.at - later[index]!.at);
		assert.ok(Math.max(...gaps) < 1500, `gaps between documents: ${gaps.join(', ')} ms`);
		assert.match(stderr, new RegExp(`${doomed.host.replaceAll('.', '\\.')}: .*\\(retrying\\)`));
	} finally {
		child.kill('SIGTERM');
		await new Promise(resolve => child.once('close', resolve));
	}

	await until(() => statsHolderPids().every(pid => holdersBefore.has(pid)), 'every stats holder ended with the monitor', 10_000);
});

test('SIGKILL of the monitor: its hosts end their stats holders and trace readers by themselves', {skip}, async () => {
	const holdersBefore = new Set(statsHolderPids());
	const run = runInPty(['--view', 'trace', '--ssh-config', ssh.configFile, '--host', good.host], {columns: 140, rows: 30});
	try {
		await run.waitFor(/printk packet \d+/, 30_000);
		assert.ok(statsHolderPids().some(pid => !holdersBefore.has(pid)), 'a stats holder runs on the host');
		run.kill('SIGKILL');
		await run.exited;
	} finally {
		run.kill('SIGKILL');
	}

	await until(() => statsHolderPids().every(pid => holdersBefore.has(pid)), 'the stats holder ended after the monitor was killed', 15_000);
	await until(() => !descendants(good.pid).some(pid => tracePipeReader(pid)), 'no process reads trace_pipe for the killed monitor', 15_000);
});

test('the screen: HOST column, filtering and sorting by host, a program opened on its own host', {skip}, async () => {
	const run = runInPty(['--ssh-config', ssh.configFile, ...hostArgs(good.host, second.host)], {columns: 150, rows: 40});
	const row = (host: string) => new RegExp(`${host.replaceAll('.', '\\.')} +${program.id} +xdp +printk_xdp`);
	try {
		await run.waitFor('2 hosts', 30_000);
		await run.waitFor(row(second.host), 30_000);
		await run.waitFor(row(good.host), 30_000);
		assert.match(await run.screen(), /HOST +ID +TYPE/);
		// Filter by host: only the second host's rows remain.
		await filter(run, String(second.port));
		await until(async () => !(await run.screen()).includes(good.host), 'rows of the first host filtered out', 10_000);
		assert.match(await run.screen(), row(second.host));
		run.write('\u001b');
		await until(async () => {
			const screen = await run.screen();
			return !screen.includes('[filter:') && row(good.host).test(screen);
		}, 'the filter cleared');
		// The program on both hosts, sorted by host (s: CPU% → RUNS → HOST).
		await filter(run, 'printk_xdp');
		run.write('s');
		await until(async () => /RUNS[▼v]/.test(await run.screen()), 'sorted by runs');
		run.write('s');
		await until(async () => /HOST[▲^]/.test(await run.screen()), 'sorted by host');
		const [first, other] = [good.host, second.host].sort((a, b) => a.localeCompare(b));
		const lines = (await run.screen()).split('\n');
		const firstAt = lines.findIndex(line => row(first!).test(line));
		const otherAt = lines.findIndex(line => row(other!).test(line));
		assert.ok(firstAt > 0 && otherAt === firstAt + 1, `sorted by host:\n${lines.join('\n')}`);
		// The selection starts on the first row: open the second host's program.
		if (first !== second.host) run.write('j');
		run.write('\r');
		await run.waitFor(`Program ${program.id} printk_xdp (xdp) on ${second.host}`, 15_000);
		run.write('q');
		assert.equal((await run.exited).exitCode, 0);
	} finally {
		run.kill('SIGKILL');
	}
});

test('the trace of two hosts: lines with their host; the kernel allows one reader, so the other host says busy', {skip}, () => {
	const result = runCli(['--once', '--json', '--view', 'trace', '--interval', '2', '--ssh-config', ssh.configFile, ...hostArgs(good.host, second.host)], {timeoutMs: 60_000});
	assert.equal(result.status, 0, result.stderr);
	const document = JSON.parse(result.stdout) as {trace: Array<{host?: string; message: string}>; trace_notice?: string; trace_error?: string};
	const lines = document.trace.filter(line => /^bpftop-printk packet \d+$/.test(line.message));
	assert.ok(lines.length > 0, JSON.stringify(document).slice(0, 2000));
	const readers = new Set(lines.map(line => line.host));
	assert.equal(readers.size, 1, 'one host read the pipe');
	assert.ok([good.host, second.host].includes([...readers][0]!));
	assert.match(document.trace_notice ?? '', /busy/);
	assert.equal(document.trace_error, undefined);
});

/** Alive, not a zombie waiting for a parent that was killed. */
function running(pid: number): boolean {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
	} catch {
		return false;
	}
}

function hostState(document: Document, host: string): string | undefined {
	return document.hosts.find(candidate => candidate.host === host)?.state;
}

/** Typed after the filter prompt is up: keys that arrive with the "/" would still be commands. */
async function filter(run: ReturnType<typeof runInPty>, text: string): Promise<void> {
	// The screen, not the byte stream: an earlier filter's prompt is in the stream too.
	const onScreen = (part: string) => until(async () => (await run.screen()).includes(part), `"${part}" on screen`);
	run.write('/');
	await onScreen('filter: ');
	run.write(text);
	await onScreen(`filter: ${text}`);
	run.write('\r');
	await onScreen(`[filter: ${text}]`);
}

function tracePipeReader(pid: number): boolean {
	try {
		return readdirSync(`/proc/${pid}/fd`).some(fd => {
			try {
				return readlinkSync(`/proc/${pid}/fd/${fd}`).endsWith('/trace_pipe');
			} catch {
				return false;
			}
		});
	} catch {
		return false;
	}
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
		await new Promise(resolve => setTimeout(resolve, 100));
	}
}
