// The bpftool backend's listing cache on the real kernel: its id walks agree with bpftool, a cached
// answer is bpftool's answer with fresh counters, programs that come and go are seen at once, and a
// cached refresh starts no bpftool at all (counted by a wrapper script passed as --bpftool).
// Other tests may load programs on the same kernel meanwhile: where that could make a refresh ask
// bpftool legitimately, the check is repeated until a quiet moment, and only our own objects are
// compared.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import type {Backend, Command} from '../../source/backends/backend.js';
import {bpfSyscalls, type BpfSyscalls} from '../../source/backends/bpftool/bpf-syscall.js';
import {createBpftoolBackend} from '../../source/backends/bpftool/bpftool-backend.js';
import {bpftoolJson, compileBpf, kernelSkipReason, loadProgram, statsSysctl, type Loaded} from '../helpers/kernel.js';

const skip = kernelSkipReason();
if (skip) console.log(`# skipping real-kernel tests: ${skip}`);

type Entry = Record<string, unknown> & {id: number};

const refresh: Command[] = [
	['prog', 'show'],
	['map', 'show'],
];
const counters = new Set(['run_time_ns', 'run_cnt', 'recursion_misses']);

let dir = '';
let object = '';
let packet = '';
let spawnLog = '';
let syscalls: BpfSyscalls | undefined;
let backend: Backend | undefined;
const programs: Loaded[] = [];
let sysctlBefore = '0';

before(async () => {
	if (skip) return;
	sysctlBefore = statsSysctl();
	dir = mkdtempSync(join(tmpdir(), 'bpftop-cache-'));
	object = compileBpf('hello', dir);
	packet = join(dir, 'packet');
	writeFileSync(packet, Buffer.alloc(64)); // XDP test runs need at least an Ethernet header
	// A bpftool that notes every start, then is the real one.
	spawnLog = join(dir, 'spawns');
	const realBpftool = execFileSync('sh', ['-c', 'command -v bpftool'], {encoding: 'utf8'}).trim();
	const wrapper = join(dir, 'bpftool');
	writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> '${spawnLog}'\nexec '${realBpftool}' "$@"\n`);
	chmodSync(wrapper, 0o755);
	writeFileSync(spawnLog, '');
	for (const label of ['cache-a', 'cache-b']) programs.push(loadProgram(object, label));
	const loaded = bpfSyscalls();
	if ('error' in loaded) throw new Error(loaded.error);
	syscalls = loaded;
	backend = await createBpftoolBackend({bpftool: wrapper, timeoutMs: 20_000});
});

after(async () => {
	await backend?.close();
	for (const program of programs) program.remove();
	if (dir) rmSync(dir, {recursive: true, force: true});
});

/** How many batches bpftool was started for so far. */
function batches(): number {
	return readFileSync(spawnLog, 'utf8')
		.split('\n')
		.filter(line => line.includes('batch')).length;
}

function ids(): {prog: readonly number[]; map: readonly number[]} {
	const prog = syscalls!.progIds();
	const map = syscalls!.mapIds();
	assert.ok(!('error' in prog) && !('error' in map), 'the walks work as root');
	return {prog, map};
}

/** One refresh, and how many bpftool batches it started. */
async function refreshCounted(commands = refresh): Promise<{entries: Entry[][]; spawned: number}> {
	const before = batches();
	const answers = await backend!.run(commands);
	return {entries: answers.map(answer => answer.output as Entry[]), spawned: batches() - before};
}

/** A refresh answered from the cache: tried until no other test changed the kernel's ids meanwhile. */
async function cachedRefresh(commands = refresh): Promise<Entry[][]> {
	const spawns: number[] = [];
	for (let attempt = 0; attempt < 20; attempt++) {
		await backend!.run(commands); // may ask bpftool: the ids changed, or the listing aged
		const result = await refreshCounted(commands);
		if (result.spawned === 0) return result.entries;
		spawns.push(result.spawned);
		await new Promise(resolve => setTimeout(resolve, 200));
	}

	assert.fail(`every refresh started bpftool (${spawns.join(', ')}): the cache never answered`);
}

/** A little-endian number as the decimal bytes bpftool reads after `key` / `value`. */
const bytes = (value: number, size: number) => [...Buffer.alloc(size).fill(0).map((_, index) => (value >> (8 * index)) & 0xff)].map(String);
const ours = (entries: Entry[], wanted: readonly number[]) => entries.filter(entry => wanted.includes(entry.id));
const withoutCounters = (entry: Entry) => Object.fromEntries(Object.entries(entry).filter(([key]) => !counters.has(key)));

test('the id walks list what bpftool lists', {skip}, () => {
	for (let attempt = 0; ; attempt++) {
		const walked = ids();
		const listedProgs = bpftoolJson<Entry[]>('prog', 'show').map(entry => entry.id);
		const listedMaps = bpftoolJson<Entry[]>('map', 'show').map(entry => entry.id);
		const again = ids();
		// Equal only when nothing loaded or vanished in between (other tests share the kernel).
		const quiet = JSON.stringify(walked) === JSON.stringify(again);
		if (quiet || attempt >= 20) {
			assert.deepEqual(walked.prog, listedProgs);
			assert.deepEqual(walked.map, listedMaps);
			for (const program of programs) {
				assert.ok(walked.prog.includes(program.id), `program ${program.id}`);
				for (const map of program.mapIds) assert.ok(walked.map.includes(map), `map ${map}`);
			}

			return;
		}
	}
});

test('reading counters and fdinfo closes every fd it opens; a missing id is ENOENT, not a throw', {skip}, () => {
	const fds = () => readdirSync('/proc/self/fd').length;
	const before = fds();
	for (let round = 0; round < 50; round++) {
		for (const program of programs) {
			const counters = syscalls!.progCounters(program.id);
			assert.ok(!('error' in counters) && counters.id === program.id && counters.mapCount === program.mapIds.length, JSON.stringify(counters));
			for (const map of program.mapIds) assert.equal(syscalls!.mapFdinfo(map) instanceof Map, true);
		}
	}

	assert.equal(fds(), before);
	const unused = 0x7fff_fff0; // ids count up from 1: this one is not handed out
	assert.deepEqual(syscalls!.progCounters(unused), {error: 'ENOENT'});
	assert.deepEqual(syscalls!.mapFdinfo(unused), {error: 'ENOENT'});
	assert.equal(fds(), before);
});

test('a cached answer is bpftool’s answer, counters apart, and no bpftool starts for it', {skip}, async () => {
	const [progs, maps] = await cachedRefresh();
	const mine = programs.map(program => program.id);
	const myMaps = programs.flatMap(program => program.mapIds);
	const freshProgs = ours(bpftoolJson<Entry[]>('prog', 'show'), mine);
	const freshMaps = ours(bpftoolJson<Entry[]>('map', 'show'), myMaps);
	assert.equal(freshProgs.length, programs.length);
	assert.deepEqual(ours(progs!, mine).map(entry => withoutCounters(entry)), freshProgs.map(entry => withoutCounters(entry)));
	assert.deepEqual(ours(maps!, myMaps), freshMaps);
	// Key order as bpftool prints it, too.
	assert.deepEqual(
		ours(progs!, mine).map(entry => Object.keys(withoutCounters(entry))),
		freshProgs.map(entry => Object.keys(withoutCounters(entry))),
	);
});

test('with pinned paths (-f, the detail view) the cached answer lists the pins', {skip}, async () => {
	const before = batches();
	const first = await backend!.run(refresh, undefined, {pinned: true});
	assert.ok(batches() > before, 'the pinned listing is a listing of its own');
	const mine = ours(first[0]!.output as Entry[], [programs[0]!.id]);
	assert.deepEqual(mine[0]?.pinned, [programs[0]!.pin]);
	const cached = await cachedRefreshPinned();
	assert.deepEqual(ours(cached, [programs[0]!.id])[0]?.pinned, [programs[0]!.pin]);
});

async function cachedRefreshPinned(): Promise<Entry[]> {
	for (let attempt = 0; attempt < 20; attempt++) {
		await backend!.run(refresh, undefined, {pinned: true});
		const before = batches();
		const answers = await backend!.run(refresh, undefined, {pinned: true});
		if (batches() === before) return answers[0]!.output as Entry[];
		await new Promise(resolve => setTimeout(resolve, 200));
	}

	assert.fail('every pinned refresh started bpftool');
}

test('counters move after test runs (BPF_PROG_TEST_RUN), answered from the cache', {skip}, async () => {
	const program = programs[0]!;
	const count = (entries: Entry[]) => ours(entries, [program.id])[0];
	const before = count((await cachedRefresh())[0]!);
	assert.ok(before, 'listed');
	execFileSync('bpftool', ['prog', 'run', 'pinned', program.pin, 'data_in', packet, 'repeat', '100']);
	let after: Entry | undefined;
	for (let attempt = 0; attempt < 20 && after === undefined; attempt++) {
		const result = await refreshCounted();
		if (result.spawned === 0) after = count(result.entries[0]!);
		else await new Promise(resolve => setTimeout(resolve, 200));
	}

	assert.ok(after, 'a cached refresh');
	const runs = (entry: Entry) => (typeof entry.run_cnt === 'number' ? entry.run_cnt : 0);
	assert.ok(runs(after) >= runs(before) + 100, `run_cnt ${runs(before)} → ${runs(after)}`);
	assert.ok(typeof after.run_time_ns === 'number' && after.run_time_ns > 0, `run_time_ns ${String(after.run_time_ns)}`);
	// bpftool, asked now, sees at least as many.
	const fresh = bpftoolJson<Entry>('prog', 'show', 'id', String(program.id));
	assert.ok(typeof fresh.run_cnt === 'number' && fresh.run_cnt >= runs(after));
});

test('a program loaded or removed between refreshes is seen on the next one', {skip}, async () => {
	await cachedRefresh();
	const added = loadProgram(object, 'cache-new');
	try {
		const {entries, spawned} = await refreshCounted();
		assert.ok(ours(entries[0]!, [added.id]).length === 1, 'the new program is listed');
		assert.ok(spawned > 0, 'a new id means a real listing');
		for (const map of added.mapIds) assert.ok(ours(entries[1]!, [map]).length === 1, `its map ${map} is listed`);
	} finally {
		added.remove();
	}

	// The kernel frees an unpinned program's id at once; wait until bpftool agrees, then refresh.
	for (let waited = 0; waited < 50 && bpftoolJson<Entry[]>('prog', 'show').some(entry => entry.id === added.id); waited++) {
		await new Promise(resolve => setTimeout(resolve, 100));
	}

	const {entries} = await refreshCounted();
	assert.equal(ours(entries[0]!, [added.id]).length, 0, 'the removed program is gone');
	assert.ok(ours(entries[0]!, programs.map(program => program.id)).length === programs.length, 'ours are still there');
});

test('a hash map without preallocation: its memory grows with entries, and the cached answer follows', {skip}, async () => {
	const pin = `/sys/fs/bpf/bpftop-test-cache-hash-${process.pid}`;
	execFileSync('bpftool', ['map', 'create', pin, 'type', 'hash', 'key', '4', 'value', '8', 'entries', '64', 'name', 'cache_hash', 'flags', '1']);
	try {
		const id = bpftoolJson<Entry>('map', 'show', 'pinned', pin).id;
		const memlock = (entries: Entry[]) => ours(entries, [id])[0]?.bytes_memlock;
		// The entries go in between two refreshes answered from one listing, so the growth can only
		// come from fdinfo (tried again when the listing was taken anew in between).
		for (let attempt = 0, key = 0; ; attempt++) {
			const before = memlock((await cachedRefresh())[1]!);
			for (const end = key + 10; key < end; key++) {
				execFileSync('bpftool', ['map', 'update', 'pinned', pin, 'key', ...bytes(key, 4), 'value', ...bytes(1, 8)]);
			}

			const {entries, spawned} = await refreshCounted();
			if (spawned > 0 && attempt < 10) continue;
			assert.equal(spawned, 0, 'answered from the cache');
			const after = memlock(entries[1]!);
			assert.equal(after, bpftoolJson<Entry>('map', 'show', 'id', String(id)).bytes_memlock);
			assert.ok(typeof before === 'number' && typeof after === 'number' && after > before, `bytes_memlock ${String(before)} → ${String(after)}`);
			return;
		}
	} finally {
		rmSync(pin, {force: true});
	}
});

test('commands the cache does not answer still go to bpftool, in one batch', {skip}, async () => {
	const id = String(programs[0]!.id);
	const commands: Command[] = [...refresh, ['prog', 'dump', 'xlated', 'id', id]];
	await cachedRefresh();
	const {entries, spawned} = await refreshCounted(commands);
	assert.equal(spawned, 1);
	assert.ok(Array.isArray(entries[2]), 'the dump was answered');
	assert.equal(statsSysctl(), sysctlBefore, 'stats are held through an fd, never the sysctl');
});
