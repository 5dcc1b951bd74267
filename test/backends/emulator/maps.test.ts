import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createMap} from '../../../source/backends/emulator/maps/create.js';
import {ERRNO, UPDATE} from '../../../source/backends/emulator/maps/map.js';
import {HashMap} from '../../../source/backends/emulator/maps/hash.js';
import {RingBufMap} from '../../../source/backends/emulator/maps/ringbuf.js';
import {Memory, regionBytes, type Region} from '../../../source/backends/emulator/vm/memory.js';
import type {MapSpec} from '../../../source/backends/emulator/object.js';

const u32 = (n: number) => Uint8Array.from([n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff]);
const u64 = (n: number) => {
	const out = new Uint8Array(8);
	new DataView(out.buffer).setBigUint64(0, BigInt(n), true);
	return out;
};

/** A looked-up value's bytes (regions index a backing array shared with other values). */
const bytesOf = (region: Region | undefined) => (region === undefined ? undefined : regionBytes(region));

const spec = (type: string, maxEntries: number, extra: Partial<MapSpec> = {}): MapSpec => ({name: 'm', type, keySize: 4, valueSize: 8, maxEntries, flags: 0, ...extra});

test('array: fixed slots, out-of-range keys, no delete, NOEXIST refused', () => {
	const map = createMap(1, spec('array', 4), new Memory(), 2);
	assert.equal(map.update(u32(2), u64(7), UPDATE.ANY), 0);
	assert.deepEqual(bytesOf(map.lookup(u32(2), 0)), u64(7));
	assert.equal(map.update(u32(4), u64(1), UPDATE.ANY), -ERRNO.E2BIG);
	assert.equal(map.update(u32(1), u64(1), UPDATE.NOEXIST), -ERRNO.EEXIST);
	assert.equal(map.delete(u32(1)), -ERRNO.EINVAL);
	assert.equal(map.lookup(u32(9), 0), undefined);
	assert.equal(map.entries().length, 4);
});

test('hash: E2BIG when full, EXIST/NOEXIST semantics, delete', () => {
	const map = createMap(1, spec('hash', 2), new Memory(), 2);
	assert.equal(map.update(u32(1), u64(10), UPDATE.NOEXIST), 0);
	assert.equal(map.update(u32(1), u64(11), UPDATE.NOEXIST), -ERRNO.EEXIST);
	assert.equal(map.update(u32(2), u64(20), UPDATE.EXIST), -ERRNO.ENOENT);
	assert.equal(map.update(u32(2), u64(20), UPDATE.ANY), 0);
	assert.equal(map.update(u32(3), u64(30), UPDATE.ANY), -ERRNO.E2BIG);
	// Replacing an existing key works when full.
	assert.equal(map.update(u32(2), u64(21), UPDATE.EXIST), 0);
	assert.deepEqual(bytesOf(map.lookup(u32(2), 0)), u64(21));
	assert.equal(map.delete(u32(2)), 0);
	assert.equal(map.delete(u32(2)), -ERRNO.ENOENT);
	assert.equal(map.update(u32(3), u64(30), UPDATE.ANY), 0);
	assert.deepEqual(map.entries().map(e => e.key[0]), [1, 3]);
});

test('lru_hash evicts the least recently used entry', () => {
	const map = createMap(1, spec('lru_hash', 3), new Memory(), 2) as HashMap;
	for (const k of [1, 2, 3]) map.update(u32(k), u64(k), UPDATE.ANY);
	map.lookup(u32(1), 0); // 1 is now the most recent; 2 is the oldest
	assert.equal(map.update(u32(4), u64(4), UPDATE.ANY), 0);
	assert.equal(map.lookup(u32(2), 0), undefined);
	assert.equal(map.size, 3);
	assert.equal(map.evictions, 1);
});

test('per-CPU maps keep one value per CPU and dump them all', () => {
	const memory = new Memory();
	const array = createMap(1, spec('percpu_array', 1), memory, 2);
	const slot1 = array.lookup(u32(0), 1)!;
	regionBytes(slot1).set(u64(5));
	const [entry] = array.entries();
	assert.deepEqual(entry!.values, [u64(0), u64(5)]);
	const hash = createMap(2, spec('percpu_hash', 4), memory, 2);
	assert.equal(hash.update(u32(7), u64(3), UPDATE.ANY, 0), 0);
	assert.deepEqual(hash.entries()[0]!.values, [u64(3), u64(0)]);
	assert.equal(hash.update(u32(7), u64(9), UPDATE.ANY), 0);
	assert.deepEqual(hash.entries()[0]!.values, [u64(9), u64(9)]);
});

test('ring buffer: reserve/submit/discard and ENOSPC when full', () => {
	const ring = createMap(1, {name: 'rb', type: 'ringbuf', keySize: 0, valueSize: 0, maxEntries: 64, flags: 0}, new Memory(), 2) as RingBufMap;
	const a = ring.reserve(24)!;
	const b = ring.reserve(24)!;
	assert.equal(ring.reserve(24), undefined);
	assert.equal(ring.dropped, 1);
	assert.ok(ring.release(a, true));
	assert.ok(ring.release(b, false));
	assert.equal(ring.records, 1);
	assert.equal(ring.output(16), 0);
	assert.equal(ring.output(100), -ERRNO.ENOSPC);
});

test('hash maps free their values: memory stays bounded under churn', () => {
	const memory = new Memory();
	const map = createMap(1, spec('lru_hash', 16), memory, 2);
	const before = memory.liveRegions;
	for (let i = 0; i < 10_000; i++) map.update(u32(i), u64(i), UPDATE.ANY);
	memory.settle();
	assert.equal(memory.liveRegions - before, 16);
});

test('frozen global data refuses writes from user space', () => {
	const map = createMap(1, spec('array', 1, {frozen: true, valueSize: 4, initialValue: u32(9)}), new Memory(), 2);
	assert.equal(map.update(u32(0), u32(1), UPDATE.ANY), -ERRNO.EPERM);
	assert.deepEqual(bytesOf(map.lookup(u32(0), 0)), u32(9));
	assert.equal(map.lookup(u32(0), 0)?.writable, false);
});
