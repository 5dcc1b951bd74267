// Real programs that others wrote, on the real kernel: who holds them (opensnoop from Debian's
// libbpf-tools holds its programs through perf-event links; a bpftrace one-liner holds a program fd),
// names with escape characters (a pinned path, an interface) that bpftool writes into its JSON raw,
// and rates right from the first sample.
import assert from 'node:assert/strict';
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {openSync, closeSync, rmSync} from 'node:fs';
import {after, test} from 'node:test';
import {runCli} from '../helpers/cli.js';
import {bpftoolJson, compileBpf, createNetns, kernelSkipReason, type Netns} from '../helpers/kernel.js';

const kernelSkip = kernelSkipReason();
const has = (tool: string) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', tool]).status === 0;
const toolSkip = (tool: string) => kernelSkip ?? (has(tool) ? undefined : `${tool} is not installed (apt-get install ${tool === 'opensnoop' ? 'libbpf-tools' : tool})`);
for (const tool of ['opensnoop', 'bpftrace']) {
	const reason = toolSkip(tool);
	if (reason) console.log(`# skipping ${tool} tests: ${reason}`);
}

const children: ChildProcess[] = [];
const cleanups: Array<() => void> = [];
after(() => {
	for (const child of children) child.kill('SIGKILL');
	for (const cleanup of cleanups.reverse()) cleanup();
});

type Doc = {
	programs: Array<{id: number; name: string; pids?: Array<{pid: number; comm: string}>; pinned?: string[]; events_per_sec: number}>;
	maps: Array<{id: number; name: string; pids?: Array<{pid: number; comm: string}>}>;
	attachments?: Array<{kind: string; target: string; prog_id: number; link_id: number | null; pids: Array<{pid: number; comm: string}>; devname?: string}>;
};
const once = (...args: string[]): Doc => {
	const result = runCli(['--backend', 'bpftool', '--once', '--json', '--interval', '0.5', ...args]);
	assert.equal(result.status, 0, result.stderr);
	return JSON.parse(result.stdout) as Doc;
};

/** The ids of the programs a process holds (its fds, straight from /proc). */
function heldBy(pid: number): number[] {
	const listing = spawnSync('sh', ['-c', 'for f in /proc/$1/fdinfo/*; do grep -h "^prog_id:" "$f"; done 2>/dev/null', 'sh', String(pid)], {encoding: 'utf8'});
	return [...new Set(listing.stdout.split('\n').flatMap(line => (/prog_id:\s*(\d+)/.exec(line) ? [Number(/prog_id:\s*(\d+)/.exec(line)![1])] : [])))];
}

async function startTool(command: string, args: string[]): Promise<{child: ChildProcess; programs: number[]}> {
	const child = spawn(command, args, {stdio: 'ignore'});
	children.push(child);
	const deadline = Date.now() + 20_000;
	for (;;) {
		const programs = heldBy(child.pid!);
		if (programs.length > 0) {
			// Let it finish attaching everything it loads.
			await new Promise(resolve => setTimeout(resolve, 500));
			return {child, programs: heldBy(child.pid!)};
		}

		if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${command} did not load its programs`);
		await new Promise(resolve => setTimeout(resolve, 100));
	}
}

/** Opens files so that openat tracepoints fire. */
function openFiles(count: number) {
	for (let index = 0; index < count; index++) closeSync(openSync('/etc/hostname', 'r'));
}

test('opensnoop (libbpf-tools) holds its programs through links: PROCESS, the link ids and pids in Attachments', {skip: toolSkip('opensnoop')}, async () => {
	const {child, programs} = await startTool('opensnoop', []);
	const pid = child.pid!;
	const document = once('--view', 'attachments');
	for (const id of programs) {
		const program = document.programs.find(candidate => candidate.id === id);
		assert.ok(program, `program ${id}`);
		assert.deepEqual(program.pids, [{pid, comm: 'opensnoop'}]);
		const attachment = document.attachments?.find(candidate => candidate.prog_id === id);
		assert.ok(attachment, `attachment of ${id}`);
		assert.ok(attachment.link_id !== null, 'the perf-event link is joined to the tracepoint');
		assert.deepEqual(attachment.pids, [{pid, comm: 'opensnoop'}]);
		assert.match(attachment.target, /^sys_(enter|exit)_openat$/);
	}

	// Its maps too, and the tables say opensnoop[pid].
	assert.ok(document.maps.some(map => map.pids?.some(holder => holder.pid === pid)));
	const text = runCli(['--backend', 'bpftool', '--once', '--interval', '0.3']);
	assert.match(text.stdout, new RegExp(`opensnoop\\[${pid}\\]`));
	const detail = runCli(['--backend', 'bpftool', '--once', '--interval', '0.3', '--prog', String(programs[0])]);
	assert.match(detail.stdout, new RegExp(`held by\\s+opensnoop\\[${pid}\\]`));
	child.kill('SIGINT');
});

test('a bpftrace one-liner: its program is held by bpftrace and has events/s from the first sample', {skip: toolSkip('bpftrace')}, async () => {
	const {child, programs} = await startTool('bpftrace', ['-e', 'tracepoint:syscalls:sys_enter_openat { @opens[comm] = count(); }']);
	const pid = child.pid!;
	// Driven before the monitor starts, and while it samples.
	openFiles(200);
	const timer = setInterval(() => openFiles(50), 20);
	try {
		const result = runCli(['--backend', 'bpftool', '--once', '--json', '--interval', '0.5']);
		assert.equal(result.status, 0, result.stderr);
		const document = JSON.parse(result.stdout) as Doc;
		const program = document.programs.find(candidate => candidate.id === programs[0]);
		assert.ok(program);
		assert.deepEqual(program.pids, [{pid, comm: 'bpftrace'}]);
		assert.ok(program.events_per_sec > 0, `events/s ${program.events_per_sec}`);
	} finally {
		clearInterval(timer);
		child.kill('SIGINT');
	}
});

test('a pinned path with escape characters: the program is listed, its path shown escaped and kept exact in JSON', {skip: kernelSkip}, () => {
	const pin = `/sys/fs/bpf/bpftop-test-esc\u001b[31m-${process.pid}`;
	spawnSync('bpftool', ['prog', 'load', compileBpf('hello'), pin], {stdio: 'inherit'});
	cleanups.push(() => rmSync(pin, {force: true}));
	const id = bpftoolJson<{id: number}>('prog', 'show', 'pinned', pin).id;
	const document = once('--prog', String(id));
	const program = document.programs.find(candidate => candidate.id === id);
	assert.deepEqual(program?.pinned, [pin]);
	assert.ok(document.programs.length > 1 || document.programs[0]?.id === id);
	const text = runCli(['--backend', 'bpftool', '--once', '--interval', '0.3', '--prog', String(id)]);
	assert.equal(text.status, 0, text.stderr);
	assert.ok(text.stdout.includes('bpftop-test-esc\\e[31m'), text.stdout);
	assert.ok(!text.stdout.includes('\u001b'), 'no raw escape reaches the output');
});

test('an interface whose name holds an escape character: its attachment is listed, the name escaped', {skip: kernelSkip}, () => {
	const netns: Netns = createNetns('esc');
	cleanups.push(() => netns.remove());
	const device = 'e\u001bx';
	spawnSync('ip', ['-n', netns.name, 'link', 'add', 'name', device, 'type', 'veth', 'peer', 'name', 'p\u001by'], {stdio: 'inherit'});
	const pin = `/sys/fs/bpf/bpftop-test-escdev-${process.pid}`;
	spawnSync('bpftool', ['prog', 'load', compileBpf('hello'), pin], {stdio: 'inherit'});
	cleanups.push(() => rmSync(pin, {force: true}));
	const id = bpftoolJson<{id: number}>('prog', 'show', 'pinned', pin).id;
	netns.exec(['bpftool', 'net', 'attach', 'xdpgeneric', 'id', String(id), 'dev', device]);
	const document = once('--netns', netns.name, '--view', 'attachments');
	const attachment = document.attachments?.find(candidate => candidate.prog_id === id);
	assert.ok(attachment, 'the attachment is listed');
	assert.equal(attachment.devname, device);
	const text = runCli(['--backend', 'bpftool', '--once', '--interval', '0.3', '--netns', netns.name, '--view', 'attachments']);
	assert.equal(text.status, 0, text.stderr);
	assert.match(text.stdout, /e\\ex \(\d+\)/);
	assert.ok(!text.stdout.includes('\u001b'));
});
