// The store's arithmetic against counter-delta.ts's rule (the reference), on random bytes: the fast
// path for plain u32/u64 values and the general one give the same readings and changes.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {MapContents} from '../../source/snapshot/map-contents.js';
import {counterDelta} from '../../source/model/counter-delta.js';
import {KeyIndex} from '../../source/model/key-index.js';
import {change, fillRows, readNumber} from '../../source/model/map-store.js';
import type {Locator} from '../../source/model/map-layout.js';

let seed = 7;
const random = () => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);

function contents(values: Uint8Array, valueSize: number, cpus = 1, keys?: Uint8Array): MapContents {
	const cpuStride = cpus > 1 ? Math.ceil(valueSize / 8) * 8 : valueSize;
	const count = values.length / (cpus * cpuStride);
	return {mapId: 1, via: 'emulator', keySize: 4, valueSize, cpus, cpuStride, count, keys: keys ?? new Uint8Array(count * 4), values};
}

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

test('a change follows counter-delta.ts: wraps at the width when forward is shorter, else goes down', () => {
	for (const size of [1, 2, 4, 8]) {
		const locator: Locator = {name: '', offset: 0, size, signed: false};
		for (let round = 0; round < 500; round++) {
			const before = Uint8Array.from({length: size}, () => Math.floor(random() * 256));
			const after = Uint8Array.from({length: size}, () => Math.floor(random() * 256));
			// Nearby values too: small forward steps across the top, small steps down.
			if (round % 3 === 0) after.set(before);
			if (round % 3 === 0) after[0] = (after[0]! + Math.floor(random() * 40) - 20) & 0xff;
			const exact = (bytes: Uint8Array) => bytes.reduceRight((sum, byte) => (sum << 8n) | BigInt(byte), 0n);
			const expected = counterDelta({number: Number(exact(before)), exact: exact(before)}, {number: Number(exact(after)), exact: exact(after)}, size * 8);
			assert.equal(change(view(before), 0, view(after), 0, locator), expected, `${size} bytes: ${before} → ${after}`);
		}
	}

	const u64 = (value: bigint) => {
		const bytes = new Uint8Array(8);
		view(bytes).setBigUint64(0, value, true);
		return bytes;
	};
	const plain: Locator = {name: '', offset: 0, size: 8, signed: false};
	// Exact past 2^53 while the change is small; through 2^64 forward.
	assert.equal(change(view(u64(2n ** 60n + 5n)), 0, view(u64(2n ** 60n + 12n)), 0, plain), 7);
	assert.equal(change(view(u64(2n ** 64n - 3n)), 0, view(u64(4n)), 0, plain), 7);
	assert.equal(change(view(u64(1000n)), 0, view(u64(400n)), 0, plain), -600);
	assert.equal(readNumber(view(u64(2n ** 60n)), 0, plain), 2 ** 60);
	// Signed values are gauges; a histogram's slots sum.
	const signed: Locator = {name: '', offset: 0, size: 4, signed: true};
	const i32 = (value: number) => Uint8Array.from(Buffer.from(Int32Array.of(value).buffer));
	assert.equal(change(view(i32(-5)), 0, view(i32(3)), 0, signed), 8);
	assert.equal(readNumber(view(Uint8Array.of(1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0)), 0, {name: 'slots', offset: 0, size: 4, signed: false, count: 3}), 6);
});

test('fillRows: the plain fast path and the general one agree; per-CPU values and changes sum', () => {
	const count = 300;
	const make = () => Uint8Array.from({length: count * 8}, () => Math.floor(random() * 256));
	const first = make();
	const second = make();
	const beforeIndex = Int32Array.from({length: count}, (_, index) => (index % 7 === 0 ? -1 : (index * 13) % count));
	const plain = {reading: new Float64Array(count), delta: new Float64Array(count)};
	fillRows(contents(second, 8), [{name: '', offset: 0, size: 8, signed: false}], contents(first, 8), beforeIndex, plain.reading, plain.delta);
	for (let entry = 0; entry < count; entry++) {
		assert.equal(plain.reading[entry], readNumber(view(second), entry * 8, {name: '', offset: 0, size: 8, signed: false}));
		const before = beforeIndex[entry]!;
		const expected = before < 0 ? Number.NaN : change(view(first), before * 8, view(second), entry * 8, {name: '', offset: 0, size: 8, signed: false});
		assert.ok(Object.is(plain.delta[entry], expected) || plain.delta[entry] === expected, `entry ${entry}`);
	}

	// Two CPUs, 4-byte values padded to 8: the sum of the copies, each wrapping on its own.
	const percpu = (a: number, b: number) => Uint8Array.from(Buffer.from(Uint32Array.of(a, 0xdead, b, 0xbeef).buffer));
	const reading = new Float64Array(1);
	const delta = new Float64Array(1);
	fillRows(contents(percpu(8, 1), 4, 2), [{name: '', offset: 0, size: 4, signed: false}], contents(percpu(5, 0xffff_ffff), 4, 2), Int32Array.of(0), reading, delta);
	assert.deepEqual([reading[0], delta[0]], [9, 3 + 2]);
});

test('a key index finds every key of a read, and nothing else', () => {
	const count = 5000;
	const keys = new Uint8Array(count * 4);
	const view32 = new DataView(keys.buffer);
	for (let entry = 0; entry < count; entry++) view32.setUint32(entry * 4, Math.floor(random() * 2 ** 32), true);
	const index = new KeyIndex(keys, 4, count);
	for (let entry = 0; entry < count; entry++) {
		const found = index.find(keys, entry * 4);
		assert.ok(found >= 0 && keys.subarray(found * 4, found * 4 + 4).every((byte, at) => byte === keys[entry * 4 + at]));
	}

	assert.equal(index.find(Uint8Array.of(1, 2, 3, 4), 0) >= 0, [...Array(count).keys()].some(entry => view32.getUint32(entry * 4, true) === 0x04030201));
});
