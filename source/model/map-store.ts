// The arithmetic of the value table for every entry of a read, on bytes: each row's main number
// (where its locator says), and its change since the previous read with counter-delta.ts's rule
// (a counter that wrapped at its width counts forward; a value that went down is negative). Typed
// arrays in, typed arrays out: a million entries take a few tens of ms and no object per entry.
import type {MapContents} from '../snapshot/map-contents.js';
import {entryStride} from './map-bytes.js';
import type {Locator} from './map-layout.js';

const two32 = 2 ** 32;

/** The number at `at` (one value copy), as a float (u64 beyond 2^53 rounds, as JSON numbers do). */
export function readNumber(view: DataView, at: number, locator: Locator): number {
	let sum = 0;
	for (let element = 0; element < (locator.count ?? 1); element++) sum += readOne(view, at + locator.offset + element * locator.size, locator);
	return sum;
}

function readOne(view: DataView, at: number, {size, signed, float}: Locator): number {
	switch (size) {
		case 1:
			return signed ? view.getInt8(at) : view.getUint8(at);
		case 2:
			return signed ? view.getInt16(at, true) : view.getUint16(at, true);
		case 4:
			return float ? view.getFloat32(at, true) : signed ? view.getInt32(at, true) : view.getUint32(at, true);
		case 8:
			if (float) return view.getFloat64(at, true);
			return (signed ? view.getInt32(at + 4, true) : view.getUint32(at + 4, true)) * two32 + view.getUint32(at, true);
		default:
			return Number.NaN;
	}
}

/**
 * How far one value moved from `before` to `after`. Unsigned integers of 8 bytes are compared in
 * two 32-bit halves, so the change is exact while it is below 2^53 even when the values are not.
 */
export function change(beforeView: DataView, beforeAt: number, afterView: DataView, afterAt: number, locator: Locator): number {
	let sum = 0;
	for (let element = 0; element < (locator.count ?? 1); element++) {
		const offset = locator.offset + element * locator.size;
		sum += changeOne(beforeView, beforeAt + offset, afterView, afterAt + offset, locator);
	}

	return sum;
}

function changeOne(beforeView: DataView, beforeAt: number, afterView: DataView, afterAt: number, locator: Locator): number {
	const {size, signed, float} = locator;
	if (float || signed) {
		const before = readOne(beforeView, beforeAt, locator);
		const after = readOne(afterView, afterAt, locator);
		// Signed values are gauges (counter-delta.ts: a negative reading never wraps); so are floats.
		if (float || before < 0 || after < 0 || after >= before) return after - before;
		return wrapped(after - before, size * 8);
	}

	if (size !== 8) return wrapped(readOne(afterView, afterAt, locator) - readOne(beforeView, beforeAt, locator), size * 8);
	let high = afterView.getUint32(afterAt + 4, true) - beforeView.getUint32(beforeAt + 4, true);
	let low = afterView.getUint32(afterAt, true) - beforeView.getUint32(beforeAt, true);
	if (low < 0) {
		low += two32;
		high -= 1;
	}

	if (high >= 0) return high * two32 + low;
	// Went down: forward through 2^64 is the change + 2^64, exactly (high + 2^32)·2^32 + low.
	const forwardHigh = high + two32;
	return forwardHigh < 2 ** 31 ? forwardHigh * two32 + low : high * two32 + low;
}

/** A negative change of an unsigned counter of `bits`: forward through the top when that is shorter. */
function wrapped(change: number, bits: number): number {
	if (change >= 0) return change;
	const span = 2 ** bits;
	return change + span < span / 2 ? change + span : change;
}

/** A DataView over a read's value bytes. */
export function valuesView(contents: MapContents): DataView {
	return new DataView(contents.values.buffer, contents.values.byteOffset, contents.values.byteLength);
}

/**
 * Sets each row's reading and delta (NaN where there is none) for entries × parts rows. Per-CPU
 * values are summed, and so are their changes (each CPU's counter wraps on its own).
 */
export function fillRows(
	contents: MapContents,
	locators: ReadonlyArray<Locator | undefined>,
	previous: MapContents | undefined,
	beforeIndex: Int32Array | undefined,
	reading: Float64Array,
	delta: Float64Array,
	from = 0,
	to = contents.count,
): void {
	const view = valuesView(contents);
	const previousView = previous ? valuesView(previous) : undefined;
	const stride = entryStride(contents);
	const previousStride = previous ? entryStride(previous) : 0;
	const parts = locators.length;
	const {cpus, cpuStride, errors} = contents;
	for (let part = 0; part < parts; part++) {
		const locator = locators[part];
		if (locator && plainRows(contents, locator, parts, part, previous, beforeIndex, reading, delta, from, to)) continue;
		for (let entry = from; entry < to; entry++) {
			const row = entry * parts + part;
			reading[row] = Number.NaN;
			delta[row] = Number.NaN;
			if (!locator || errors?.has(entry)) continue;
			const base = entry * stride;
			let value = 0;
			for (let cpu = 0; cpu < cpus; cpu++) value += readNumber(view, base + cpu * cpuStride, locator);
			reading[row] = value;
			const before = beforeIndex ? beforeIndex[entry]! : -1;
			if (before < 0 || !previousView || previous?.errors?.has(before)) continue;
			let moved = 0;
			for (let cpu = 0; cpu < cpus; cpu++) moved += change(previousView, before * previousStride + cpu * cpuStride, view, base + cpu * cpuStride, locator);
			delta[row] = moved;
		}
	}
}

/**
 * The common big map (one unsigned integer of 4 or 8 bytes per entry, no per-CPU copies), read
 * through 32-bit words without DataView calls: a million entries in a few ms. False when it does
 * not apply (the general loop does it then).
 */
function plainRows(
	contents: MapContents,
	locator: Locator,
	parts: number,
	part: number,
	previous: MapContents | undefined,
	beforeIndex: Int32Array | undefined,
	reading: Float64Array,
	delta: Float64Array,
	from: number,
	to: number,
): boolean {
	const {size, offset} = locator;
	const stride = entryStride(contents);
	const aligned = (bytes: Uint8Array) => bytes.byteOffset % 4 === 0 && bytes.byteLength % 4 === 0;
	if (contents.cpus !== 1 || locator.signed || locator.float || locator.count !== undefined || (size !== 4 && size !== 8) || stride % 4 !== 0 || offset % 4 !== 0 || contents.errors) return false;
	if (!aligned(contents.values) || (previous && (!aligned(previous.values) || entryStride(previous) !== stride || previous.errors))) return false;
	const words = new Uint32Array(contents.values.buffer, contents.values.byteOffset, contents.values.byteLength / 4);
	const old = previous ? new Uint32Array(previous.values.buffer, previous.values.byteOffset, previous.values.byteLength / 4) : undefined;
	const step = stride / 4;
	const at = offset / 4;
	for (let entry = from, word = at + from * step; entry < to; entry++, word += step) {
		const row = entry * parts + part;
		const low = words[word]!;
		const high = size === 8 ? words[word + 1]! : 0;
		reading[row] = high * two32 + low;
		const before = beforeIndex ? beforeIndex[entry]! : -1;
		if (before < 0 || !old) {
			delta[row] = Number.NaN;
			continue;
		}

		const oldWord = before * step + at;
		if (size === 4) {
			delta[row] = wrapped(low - old[oldWord]!, 32);
			continue;
		}

		let changeHigh = high - old[oldWord + 1]!;
		let changeLow = low - old[oldWord]!;
		if (changeLow < 0) {
			changeLow += two32;
			changeHigh -= 1;
		}

		const forwardHigh = changeHigh + two32;
		delta[row] = changeHigh >= 0 ? changeHigh * two32 + changeLow : forwardHigh < 2 ** 31 ? forwardHigh * two32 + changeLow : changeHigh * two32 + changeLow;
	}

	return true;
}
