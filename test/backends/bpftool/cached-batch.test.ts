// The cache's decisions with a fake kernel and a fake bpftool: when a refresh spawns bpftool, what
// it asks it, and what the answers look like.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Command, CommandOutput} from '../../../source/backends/backend.js';
import type {BpfSyscalls, ProgramCounters, SyscallFailure} from '../../../source/backends/bpftool/bpf-syscall.js';
import {cachedBatch} from '../../../source/backends/bpftool/cached-batch.js';
import {maxListingAgeMs} from '../../../source/backends/bpftool/show-cache.js';
import type {RunOptions} from '../../../source/backends/bpftool/run-batch.js';

type FakeProgram = {id: number; runTimeNs: number; runCnt: number; maps: number[]};
type FakeMap = {id: number; type: string; flags: number; memlock: number};

/** A kernel the test changes between refreshes, and a bpftool that lists it and counts its runs. */
function fakeKernel() {
	const kernel = {
		programs: [{id: 10, runTimeNs: 0, runCnt: 0, maps: [5]}] as FakeProgram[],
		maps: [{id: 5, type: 'array', flags: 0, memlock: 8192}] as FakeMap[],
		denied: false,
		/** Every batch bpftool was asked for. */
		spawns: [] as Command[][],
		/** What bpftool answers instead of a listing, once. */
		failNext: undefined as unknown,
	};

	const programEntry = (program: FakeProgram) => ({
		id: program.id,
		type: 'xdp',
		name: `p${program.id}`,
		tag: 'abc',
		gpl_compatible: true,
		...(program.runTimeNs === 0 ? {} : {run_time_ns: program.runTimeNs, run_cnt: program.runCnt}),
		bytes_xlated: 96,
		...(program.maps.length > 0 ? {map_ids: [...program.maps]} : {}),
	});
	const mapEntry = (map: FakeMap) => ({id: map.id, type: map.type, name: `m${map.id}`, flags: map.flags, bytes_memlock: map.memlock, frozen: 0});
	const withPins = (entry: object, options: RunOptions) => (options.scope?.pinned ? {...entry, pinned: []} : entry);

	const runBatch = async (commands: readonly Command[], options: RunOptions): Promise<CommandOutput[]> => {
		kernel.spawns.push([...commands]);
		return commands.map(command => {
			const key = command.join(' ');
			if (kernel.failNext !== undefined && key === 'prog show') {
				const output = kernel.failNext;
				kernel.failNext = undefined;
				return {command, output};
			}

			if (key === 'prog show') return {command, output: kernel.programs.map(program => withPins(programEntry(program), options))};
			if (key === 'map show') return {command, output: kernel.maps.map(map => withPins(mapEntry(map), options))};
			return {command, output: {answered: key}};
		});
	};

	const fail = (error: string): SyscallFailure => ({error});
	const syscalls: BpfSyscalls = {
		progIds: () => (kernel.denied ? fail('EPERM') : kernel.programs.map(program => program.id)),
		mapIds: () => (kernel.denied ? fail('EPERM') : kernel.maps.map(map => map.id)),
		progCounters(id): ProgramCounters | SyscallFailure {
			const program = kernel.programs.find(candidate => candidate.id === id);
			if (program === undefined) return fail('ENOENT');
			return {id, runTimeNs: program.runTimeNs, runCnt: program.runCnt, recursionMisses: 0, mapCount: program.maps.length};
		},
		mapFdinfo(id) {
			const map = kernel.maps.find(candidate => candidate.id === id);
			if (map === undefined) return fail('ENOENT');
			return new Map([
				['map_id', String(id)],
				['memlock', String(map.memlock)],
				['frozen', '0'],
			]);
		},
	};

	return {kernel, runBatch, syscalls, programEntry, mapEntry};
}

const options: RunOptions = {bpftool: 'bpftool', timeoutMs: 1000};
const refresh: Command[] = [
	['prog', 'show'],
	['map', 'show'],
];

function setup() {
	const fake = fakeKernel();
	let now = 0;
	const run = cachedBatch({syscalls: fake.syscalls, runBatch: fake.runBatch, nowMs: () => now});
	return {
		...fake,
		run,
		advance(ms: number) {
			now += ms;
		},
	};
}

test('the second refresh is answered without bpftool, with the counters as they are now', async () => {
	const {kernel, run, advance, programEntry, mapEntry} = setup();
	await run(refresh, options);
	assert.equal(kernel.spawns.length, 1);

	kernel.programs[0]!.runTimeNs = 5000;
	kernel.programs[0]!.runCnt = 7;
	advance(1000);
	const answers = await run(refresh, options);
	assert.equal(kernel.spawns.length, 1, 'no bpftool');
	assert.deepEqual(answers, [
		{command: ['prog', 'show'], output: [programEntry(kernel.programs[0]!)]},
		{command: ['map', 'show'], output: [mapEntry(kernel.maps[0]!)]},
	]);
	assert.deepEqual(Object.keys((answers[0]!.output as object[])[0]!), Object.keys(programEntry(kernel.programs[0]!)), 'bpftool key order');
});

test('an object that did not change is answered with the same object as last time', async () => {
	const {kernel, run, advance} = setup();
	kernel.programs.push({id: 11, runTimeNs: 100, runCnt: 1, maps: []});
	kernel.maps.push({id: 6, type: 'hash', flags: 1, memlock: 4096});
	await run(refresh, options);
	advance(1000);
	const [programs1, maps1] = (await run(refresh, options)).map(answer => answer.output as object[]);
	kernel.programs[1]!.runTimeNs = 300;
	kernel.programs[1]!.runCnt = 2;
	advance(1000);
	const [programs2, maps2] = (await run(refresh, options)).map(answer => answer.output as object[]);
	assert.equal(kernel.spawns.length, 1);
	assert.equal(programs2![0], programs1![0], 'program 10 did not run');
	assert.notEqual(programs2![1], programs1![1], 'program 11 ran');
	assert.deepEqual(programs2![1], {...programs1![1], run_time_ns: 300, run_cnt: 2});
	assert.equal(maps2![1], maps1![1], 'the hash map read the same from fdinfo');
	kernel.maps[1]!.memlock = 8192;
	advance(1000);
	const [, maps3] = (await run(refresh, options)).map(answer => answer.output as object[]);
	assert.notEqual(maps3![1], maps2![1]);
	assert.equal((maps3![1] as {bytes_memlock: number}).bytes_memlock, 8192);
});

test('a program or map that comes or goes is seen at once', async () => {
	const {kernel, run, advance} = setup();
	await run(refresh, options);
	kernel.programs.push({id: 11, runTimeNs: 0, runCnt: 0, maps: []});
	advance(100);
	const loaded = await run(refresh, options);
	assert.equal(kernel.spawns.length, 2);
	assert.deepEqual((loaded[0]!.output as Array<{id: number}>).map(entry => entry.id), [10, 11]);

	kernel.programs.shift();
	advance(100);
	assert.deepEqual(((await run(refresh, options))[0]!.output as Array<{id: number}>).map(entry => entry.id), [11]);
	assert.equal(kernel.spawns.length, 3);

	// A new map alone: both listings are taken again (a load can freeze a map or give a program array its owner).
	kernel.maps.push({id: 6, type: 'array', flags: 0, memlock: 100});
	advance(100);
	await run(refresh, options);
	assert.deepEqual(kernel.spawns[3], refresh);
	advance(100);
	await run(refresh, options);
	assert.equal(kernel.spawns.length, 4, 'cached again');
});

test('a listing is taken again after 30 s even when nothing came or went', async () => {
	const {kernel, run, advance} = setup();
	await run(refresh, options);
	advance(maxListingAgeMs - 1);
	await run(refresh, options);
	assert.equal(kernel.spawns.length, 1);
	advance(1);
	await run(refresh, options);
	assert.equal(kernel.spawns.length, 2);
});

test('errors are never cached', async () => {
	const {kernel, run, advance} = setup();
	kernel.failNext = {error: 'Operation not permitted'};
	const first = await run(refresh, options);
	assert.deepEqual(first[0]!.output, {error: 'Operation not permitted'});
	advance(100);
	await run(refresh, options);
	assert.deepEqual(kernel.spawns.slice(1), [[['prog', 'show']]], 'prog show asked again, map show cached');
});

test('a listing that does not match the ids walked before it is not kept', async () => {
	const {kernel, runBatch, syscalls} = fakeKernel();
	let now = 0;
	// The program loads between the walk and bpftool's run.
	const racing = async (commands: readonly Command[], runOptions: RunOptions) => {
		if (kernel.programs.length === 1) kernel.programs.push({id: 12, runTimeNs: 0, runCnt: 0, maps: []});
		return runBatch(commands, runOptions);
	};

	const run = cachedBatch({syscalls, runBatch: racing, nowMs: () => now});
	await run(refresh, options);
	now += 100;
	await run(refresh, options);
	assert.equal(kernel.spawns.length, 2, 'taken again');
	now += 100;
	await run(refresh, options);
	assert.equal(kernel.spawns.length, 2, 'now it fits');
});

test('other commands still go to bpftool, alone, and the answers keep their order', async () => {
	const {kernel, run, advance} = setup();
	await run(refresh, options);
	advance(100);
	const commands: Command[] = [['prog', 'show'], ['map', 'show'], ['prog', 'dump', 'xlated', 'id', '10'], ['link', 'show']];
	const answers = await run(commands, options);
	assert.deepEqual(kernel.spawns[1], commands.slice(2));
	assert.deepEqual(
		answers.map(answer => answer.command),
		commands,
	);
	assert.deepEqual(answers[3]!.output, {answered: 'link show'});
});

test('listings with pinned paths are kept apart from those without', async () => {
	const {kernel, run, advance} = setup();
	await run(refresh, options);
	advance(100);
	const pinned = await run(refresh, {...options, scope: {pinned: true}});
	assert.equal(kernel.spawns.length, 2);
	assert.deepEqual((pinned[0]!.output as Array<{pinned?: string[]}>)[0]!.pinned, []);
	advance(100);
	await run(refresh, {...options, scope: {pinned: true}});
	const plain = await run(refresh, options);
	assert.equal(kernel.spawns.length, 2);
	assert.equal('pinned' in (plain[0]!.output as object[])[0]!, false);
});

test('a batch in another network namespace always goes to bpftool', async () => {
	const {kernel, run} = setup();
	await run(refresh, {...options, scope: {netns: 'blue'}});
	await run(refresh, {...options, scope: {netns: 'blue'}});
	assert.equal(kernel.spawns.length, 2);
});

test('failing syscalls fall back to bpftool and never throw', async () => {
	const {kernel, run, advance} = setup();
	await run(refresh, options);
	kernel.denied = true;
	advance(100);
	await run(refresh, options);
	assert.equal(kernel.spawns.length, 2);
	kernel.denied = false;
	advance(100);
	await run(refresh, options);
	assert.equal(kernel.spawns.length, 3, 'the cache was dropped while denied');
});

test('an entry that no longer fits sends its listing to bpftool', async () => {
	const {kernel, run, advance} = setup();
	await run(refresh, options);
	kernel.programs[0]!.maps.push(6); // BPF_PROG_BIND_MAP after load
	advance(100);
	const answers = await run(refresh, options);
	assert.deepEqual(kernel.spawns[1], [['prog', 'show']]);
	assert.deepEqual((answers[0]!.output as Array<{map_ids: number[]}>)[0]!.map_ids, [5, 6]);
});

test('a hash map without preallocation is read again: its memory grows with its entries', async () => {
	const {kernel, run, advance} = setup();
	kernel.maps.push({id: 7, type: 'hash', flags: 1, memlock: 1984});
	await run(refresh, options);
	kernel.maps[1]!.memlock = 2704;
	advance(100);
	const answers = await run(refresh, options);
	assert.equal(kernel.spawns.length, 1);
	assert.equal((answers[1]!.output as Array<{bytes_memlock: number}>)[1]!.bytes_memlock, 2704);
});

test('without syscalls every command goes to bpftool', async () => {
	const {kernel, runBatch} = fakeKernel();
	const run = cachedBatch({runBatch});
	await run(refresh, options);
	await run(refresh, options);
	assert.equal(kernel.spawns.length, 2);
});

test('a syscall that throws (it should not) sends the refresh to bpftool instead of failing it', async () => {
	const {kernel, runBatch, syscalls} = fakeKernel();
	let now = 0;
	let broken = false;
	const flaky = {
		...syscalls,
		progCounters: (id: number) => {
			if (broken) throw new Error('boom');
			return syscalls.progCounters(id);
		},
	};
	const run = cachedBatch({syscalls: flaky, runBatch, nowMs: () => now});
	await run(refresh, options);
	broken = true;
	now += 100;
	const answers = await run(refresh, options);
	assert.equal(kernel.spawns.length, 2);
	assert.deepEqual((answers[0]!.output as Array<{id: number}>).map(entry => entry.id), [10]);
});
