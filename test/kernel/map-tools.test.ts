// The value table on maps that real tools made: a bpftrace one-liner (its maps are AT_<name>,
// per-CPU, without BTF: comm keys that must read as text, a log2 hist() and a linear lhist() drawn
// as histograms, and the perf_event_array its printf uses, whose every lookup fails), and
// libbpf-tools' runqlat (a BTF struct with a `slots` array, drawn as a histogram).
import assert from 'node:assert/strict';
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {closeSync, openSync} from 'node:fs';
import {after, test} from 'node:test';
import {runCli} from '../helpers/cli.js';
import {bpftoolJson, kernelSkipReason} from '../helpers/kernel.js';

const kernelSkip = kernelSkipReason();
const has = (tool: string) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', tool]).status === 0;
const toolSkip = (tool: string, pkg = tool) => kernelSkip ?? (has(tool) ? undefined : `${tool} is not installed (apt-get install ${pkg})`);

const children: ChildProcess[] = [];
after(async () => {
	for (const child of children) {
		if (child.exitCode !== null || child.signalCode !== null) continue;
		const exited = new Promise(resolve => child.once('exit', resolve));
		child.kill('SIGINT');
		// bpftrace prints its maps on SIGINT and exits; a tool that does not is killed.
		await Promise.race([exited, new Promise(resolve => setTimeout(resolve, 3000))]);
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGKILL');
			await exited;
		}
	}
});

/** The ids of the maps a process holds, by name (its fds, from /proc). */
function mapsOf(pid: number): Map<string, number> {
	const listing = spawnSync('sh', ['-c', 'for f in /proc/$1/fdinfo/*; do grep -h "^map_id:" "$f"; done 2>/dev/null', 'sh', String(pid)], {encoding: 'utf8'});
	const ids = new Set(listing.stdout.split('\n').flatMap(line => /map_id:\s*(\d+)/.exec(line)?.slice(1).map(Number) ?? []));
	return new Map([...ids].map(id => [bpftoolJson<{name: string}>('map', 'show', 'id', String(id)).name, id]));
}

/** Starts a tool and waits until it holds maps with all these names. */
async function start(command: string, args: string[], names: string[]): Promise<Map<string, number>> {
	const child = spawn(command, args, {stdio: 'ignore'});
	children.push(child);
	const deadline = Date.now() + 30_000;
	for (;;) {
		const held = mapsOf(child.pid!);
		if (names.every(name => held.has(name))) return held;
		if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${command} did not make its maps (${[...held.keys()].join(', ')})`);
		await new Promise(resolve => setTimeout(resolve, 100));
	}
}

/** Opens files so that the openat tracepoint fires, from this process (its comm is node). */
function openFiles(count: number) {
	for (let index = 0; index < count; index++) closeSync(openSync('/etc/hostname', 'r'));
}

type Entry = {key_text: string; error?: string; value_text: string; fields: Array<{value: number | string}>; per_cpu?: unknown[]};
type Values = {id: number; name: string; status: string; entries: Entry[]};

function once(mapId: number, json = true): {values?: Values; text: string} {
	openFiles(50);
	const result = runCli(['--backend', 'bpftool', '--once', '--interval', '0.5', ...(json ? ['--json'] : []), '--map', String(mapId)], {
		env: {COLUMNS: '120'},
	});
	assert.equal(result.status, 0, result.stderr);
	return json ? {values: (JSON.parse(result.stdout) as {map_values: Values}).map_values, text: result.stdout} : {text: result.stdout};
}

const script =
	'tracepoint:syscalls:sys_enter_openat { @opens[comm] = count(); @flags = hist(args->flags); @low = lhist(args->flags & 0xff, 0, 256, 64); } interval:s:300 { printf("tick\\n"); }';

/** One bpftrace for the tests that read its maps. */
let bpftrace: Promise<Map<string, number>> | undefined;
const bpftraceMaps = async () => (bpftrace ??= start('bpftrace', ['-e', script], ['AT_opens', 'AT_flags', 'AT_low', 'printf']));

test('bpftrace: comm keys read as text, per-CPU counts sum, @name in the title', {skip: toolSkip('bpftrace')}, async () => {
	const maps = await bpftraceMaps();
	const {values} = once(maps.get('AT_opens')!);
	assert.equal(values!.status, 'ok');
	const node = values!.entries.find(entry => entry.key_text === 'node');
	assert.ok(node, `a key "node": ${values!.entries.map(entry => entry.key_text).join(', ')}`);
	assert.ok(Number(node.fields[0]!.value) >= 50);
	assert.ok((node.per_cpu?.length ?? 0) >= 1, 'per-CPU values');
	assert.ok(values!.entries.every(entry => !/^[\da-f]{2} [\da-f]{2}/.test(entry.key_text)), 'no key shown as hex bytes');
	const {text} = once(maps.get('AT_opens')!, false);
	assert.match(text, new RegExp(`Map ${maps.get('AT_opens')} @opens \\(AT_opens, percpu_hash\\)`));
	assert.match(text, /\n. node +\d+/);
});

test('bpftrace: hist() and lhist() maps are drawn as histograms with bpftrace\'s bucket ranges', {skip: toolSkip('bpftrace')}, async () => {
	const maps = await bpftraceMaps();
	const flags = once(maps.get('AT_flags')!, false).text;
	assert.match(flags, /KEY +BUCKET +COUNT +Δ +RATE\/s +HISTOGRAM/);
	// O_RDONLY|O_CLOEXEC and friends: flags land in power-of-two buckets such as [512K, 1M).
	assert.match(flags, /\n +(\[0\]|\[\d+K?, \d+[KM]?\)) +\d+ [^\n]*#/);
	const low = once(maps.get('AT_low')!, false).text;
	// Node opens with O_RDONLY|O_CLOEXEC (0x80000): its low byte is 0, the bucket [0, 64).
	assert.match(low, /\[0, 64\) +\d+/);
});

test('bpftrace: the perf_event_array printf uses shows its error on each row, not instead of the table', {skip: toolSkip('bpftrace')}, async () => {
	const maps = await bpftraceMaps();
	const {values} = once(maps.get('printf')!);
	assert.equal(values!.status, 'ok');
	assert.ok(values!.entries.length >= 1);
	for (const entry of values!.entries) {
		assert.equal(entry.error, 'Unknown error 524');
		assert.equal(entry.value_text, '(Unknown error 524)');
	}
});

test('runqlat (libbpf-tools): its `slots` array is drawn as a histogram, "low -> high"', {skip: toolSkip('runqlat', 'libbpf-tools')}, async () => {
	// A long interval: runqlat clears its histogram each time it prints.
	const maps = await start('runqlat', ['300'], ['hists']);
	await new Promise(resolve => setTimeout(resolve, 500));
	const {text} = once(maps.get('hists')!, false);
	assert.match(text, /KEY +BUCKET +COUNT/);
	assert.match(text, /\n\S* +0 -> 1 +\d+/);
	assert.match(text, /\n +\d+ -> \d+ +\d+/);
});
