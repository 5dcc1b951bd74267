import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseFdinfo, type ProgramCounters} from '../../../source/backends/bpftool/bpf-syscall.js';
import {
	listingEntries,
	listingUsable,
	maxListingAgeMs,
	mapNeedsFdinfo,
	sameIds,
	showKind,
	withCounters,
	withFdinfo,
	type Listing,
	type ShowEntry,
} from '../../../source/backends/bpftool/show-cache.js';

/** As `bpftool -j prog show` prints a program before stats were on (key order included). */
const hello: ShowEntry = {
	id: 10,
	type: 'xdp',
	name: 'hello',
	tag: '490c48c1179970a8',
	gpl_compatible: true,
	loaded_at: 1796173249,
	uid: 0,
	bytes_xlated: 96,
	jited: true,
	bytes_jited: 64,
	bytes_memlock: 4096,
	map_ids: [5, 6],
	btf_id: 22,
};

const counters = (change: Partial<ProgramCounters> = {}): ProgramCounters => ({id: 10, runTimeNs: 0, runCnt: 0, recursionMisses: 0, mapCount: 2, ...change});

test('only the plain listings are cached commands', () => {
	assert.equal(showKind(['prog', 'show']), 'prog');
	assert.equal(showKind(['map', 'show']), 'map');
	for (const command of [['prog', 'show', 'id', '5'], ['map', 'dump', 'id', '5'], ['net', 'show'], ['link', 'show'], ['prog'], []]) {
		assert.equal(showKind(command), undefined, command.join(' '));
	}
});

test('a listing is a list of objects with ids; errors and other shapes are not', () => {
	assert.deepEqual(listingEntries([]), []);
	assert.deepEqual(listingEntries([hello]), [hello]);
	for (const output of [{error: 'Operation not permitted'}, [{error: 'Operation not permitted'}], [{id: '10'}], [{id: 0}], [{id: 1.5}], [null], [[1]], 'x', undefined]) {
		assert.equal(listingEntries(output), undefined, JSON.stringify(output));
	}
});

test('id sets compare element by element', () => {
	assert.ok(sameIds([], []));
	assert.ok(sameIds([1, 5, 9], [1, 5, 9]));
	assert.ok(!sameIds([1, 5, 9], [1, 5]));
	assert.ok(!sameIds([1, 5, 9], [1, 6, 9]));
});

test('a listing answers while both id sets are unchanged and it is younger than 30 s', () => {
	const listing: Listing = {entries: [hello], ids: {prog: [10], map: [5, 6]}, takenAtMs: 1000};
	assert.ok(listingUsable(listing, {prog: [10], map: [5, 6]}, 1000));
	assert.ok(listingUsable(listing, {prog: [10], map: [5, 6]}, 1000 + maxListingAgeMs - 1));
	assert.ok(!listingUsable(listing, {prog: [10], map: [5, 6]}, 1000 + maxListingAgeMs), 'too old');
	assert.equal(maxListingAgeMs, 30_000);
	assert.ok(!listingUsable(listing, {prog: [10], map: [5, 6]}, 999), 'a clock that went back');
	assert.ok(!listingUsable(listing, {prog: [10, 11], map: [5, 6]}, 2000), 'a program loaded');
	assert.ok(!listingUsable(listing, {prog: [], map: [5, 6]}, 2000), 'a program removed');
	assert.ok(!listingUsable(listing, {prog: [10], map: [5, 6, 7]}, 2000), 'a map created: the program listing is taken again too');
	assert.ok(listingUsable(listing, {prog: [10], map: [5, 6]}, 2000, 500) === false, 'a shorter limit');
});

test('counters follow bpftool: run_time_ns and run_cnt only when run_time_ns is not 0, right after gpl_compatible', () => {
	assert.deepEqual(Object.entries(withCounters(hello, counters())!), Object.entries(hello));
	// run_cnt alone is not printed: bpftool tests run_time_ns.
	assert.deepEqual(Object.entries(withCounters(hello, counters({runCnt: 3}))!), Object.entries(hello));
	const running = withCounters(hello, counters({runTimeNs: 126_130, runCnt: 100}))!;
	assert.deepEqual(Object.keys(running).slice(0, 7), ['id', 'type', 'name', 'tag', 'gpl_compatible', 'run_time_ns', 'run_cnt']);
	assert.equal(running.run_time_ns, 126_130);
	assert.equal(running.run_cnt, 100);
	assert.equal('recursion_misses' in running, false);
	const missing = withCounters(running, counters({runTimeNs: 200_000, runCnt: 150, recursionMisses: 2}))!;
	assert.deepEqual(Object.keys(missing).slice(4, 8), ['gpl_compatible', 'run_time_ns', 'run_cnt', 'recursion_misses']);
	assert.deepEqual([missing.run_time_ns, missing.run_cnt, missing.recursion_misses], [200_000, 150, 2]);
	assert.deepEqual(Object.keys(missing).slice(8), Object.keys(hello).slice(5), 'the rest in bpftool order');
	// Only recursion misses (run_time_ns 0): printed on their own.
	assert.deepEqual(Object.keys(withCounters(hello, counters({recursionMisses: 1}))!).slice(4, 6), ['gpl_compatible', 'recursion_misses']);
	// The cached entry itself is never changed.
	assert.equal('run_cnt' in hello, false);
});

test('counters from another program, or a program whose map count changed, do not patch the entry', () => {
	assert.equal(withCounters(hello, counters({id: 11})), undefined);
	assert.equal(withCounters(hello, counters({mapCount: 3})), undefined, 'BPF_PROG_BIND_MAP added a map');
	const noMaps: ShowEntry = {id: 10, type: 'xdp', tag: 'x', gpl_compatible: false, bytes_xlated: 8};
	assert.deepEqual(withCounters(noMaps, counters({mapCount: 0})), noMaps);
	assert.equal(withCounters(noMaps, counters({mapCount: 1})), undefined);
	assert.equal(withCounters({id: 10, type: 'xdp'}, counters({mapCount: 0})), undefined, 'not bpftool shape');
});

test('maps whose entry can change without their id changing are read again; fixed ones are not', () => {
	const map = (type: string, flags = 0, more: Record<string, unknown> = {}): ShowEntry => ({id: 5, type, name: 'm', flags, ...more});
	for (const type of ['array', 'percpu_array', 'lru_hash', 'ringbuf', 'queue', 'bloom_filter', 'perf_event_array']) assert.equal(mapNeedsFdinfo(map(type)), false, type);
	assert.equal(mapNeedsFdinfo(map('hash')), false, 'preallocated hash');
	assert.equal(mapNeedsFdinfo(map('hash', 1)), true, 'BPF_F_NO_PREALLOC: memlock grows with entries');
	assert.equal(mapNeedsFdinfo(map('percpu_hash', 1 | 1024)), true);
	for (const type of ['lpm_trie', 'devmap_hash', 'sockhash', 'some_future_type']) assert.equal(mapNeedsFdinfo(map(type, 1)), true, type);
	assert.equal(mapNeedsFdinfo(map('prog_array')), true, 'no owner yet');
	assert.equal(mapNeedsFdinfo(map('prog_array', 0, {owner_prog_type: 'xdp', owner_jited: true})), false);
});

test('fdinfo patches memlock and frozen; a map that is not the entry, or a program array that found an owner, does not', () => {
	const entry: ShowEntry = {id: 5, type: 'hash', name: 'h', flags: 1, bytes_key: 4, bytes_value: 8, max_entries: 64, bytes_memlock: 1984, frozen: 0};
	const fdinfo = parseFdinfo('pos:\t0\nflags:\t02000002\nmap_type:\t1\nmemlock:\t2704\nmap_id:\t5\nfrozen:\t1\n');
	const patched = withFdinfo(entry, fdinfo)!;
	assert.deepEqual(Object.keys(patched), Object.keys(entry));
	assert.equal(patched.bytes_memlock, 2704);
	assert.equal(patched.frozen, 1);
	assert.equal(entry.bytes_memlock, 1984, 'the cached entry is unchanged');
	assert.equal(withFdinfo({...entry, id: 6}, fdinfo), undefined);
	const progArray: ShowEntry = {id: 5, type: 'prog_array', bytes_memlock: 100, frozen: 0};
	assert.equal(withFdinfo(progArray, parseFdinfo('map_id:\t5\nmemlock:\t100\nowner_prog_type:\t6\nowner_jited:\t1\n')), undefined);
	assert.deepEqual(withFdinfo(progArray, parseFdinfo('map_id:\t5\nmemlock:\t100\nfrozen:\t0\n')), progArray);
	assert.equal(withFdinfo(entry, parseFdinfo('map_id:\t5\nmemlock:\tlots\n')), undefined);
});
