// The value table's order and filter over row indices, for top-rows.ts: a comparator over the
// typed arrays of MapValues (no object per row), and a filter mask made once per filter text.
// By rate or change, highest first like `top`: equal rates fall back to the value, then read order
// (an array's key order; a fresh table, with no rates yet, reads highest value first). Rows without a number sort last
// when descending, first when ascending (as -Infinity).
import {keyBytes} from './map-bytes.js';
import {valueRow} from './map-rows.js';
import {rowEntry, rowPart, type MapValues} from './map-values.js';
import {countRows, rankOf, windowRows, type RowCompare, type RowFilter} from './top-rows.js';
import type {Sort} from './table.js';

/** Rows up to which a filter matches every field's text; beyond, the key and the main number (a million rows). */
export const fullTextFilterRows = 50_000;

/** Tables up to this many rows are windowed with the heap alone (top-rows.ts). */
const heapLimitRows = 2048;

const keyNumbers = new WeakMap<object, Float64Array>();

/** Keys as numbers (little-endian, up to 8 bytes), computed once per read. */
function numbersOf(values: MapValues): Float64Array {
	const contents = values.contents!;
	let numbers = keyNumbers.get(contents);
	if (!numbers) {
		numbers = new Float64Array(contents.count);
		const {keys, keySize} = contents;
		for (let entry = 0; entry < contents.count; entry++) {
			let value = 0;
			for (let index = keySize - 1; index >= 0; index--) value = value * 256 + keys[entry * keySize + index]!;
			numbers[entry] = value;
		}

		keyNumbers.set(contents, numbers);
	}

	return numbers;
}

/** Whether the read's keys ascend as read (an array's do): key order is then row order. */
const ascending = new WeakMap<object, boolean>();

function keysAscend(values: MapValues): boolean {
	const contents = values.contents!;
	let known = ascending.get(contents);
	if (known === undefined) {
		const numbers = numbersOf(values);
		known = true;
		for (let entry = 1; entry < numbers.length && known; entry++) known = numbers[entry - 1]! < numbers[entry]!;
		ascending.set(contents, known);
	}

	return known;
}

/** Key order: numbers or bytes, then the variable's place in the section. */
export function keyCompare(values: MapValues): RowCompare {
	const contents = values.contents;
	if (!contents) return (a, b) => a - b;
	const parts = values.layout.parts.length;
	if (values.layout.keyOrder === 'number' && contents.keySize <= 8) {
		if (keysAscend(values)) return (a, b) => a - b;
		const numbers = numbersOf(values);
		return (a, b) => numbers[Math.floor(a / parts)]! - numbers[Math.floor(b / parts)]! || a - b;
	}

	const {keys, keySize} = contents;
	return (a, b) => {
		const x = Math.floor(a / parts) * keySize;
		const y = Math.floor(b / parts) * keySize;
		for (let index = 0; index < keySize; index++) {
			const difference = keys[x + index]! - keys[y + index]!;
			if (difference !== 0) return difference;
		}

		return a - b;
	};
}

/**
 * By a number (NaN as -Infinity), then by the value, highest first, then in read order (an array's
 * key order). One flat function: it runs millions of times per screen of a big map.
 */
function numberCompare(numbers: Float64Array, descending: boolean, values?: Float64Array): RowCompare {
	return (a, b) => {
		let x = numbers[a]!;
		let y = numbers[b]!;
		if (x !== x) x = Number.NEGATIVE_INFINITY;
		if (y !== y) y = Number.NEGATIVE_INFINITY;
		if (x !== y) return descending === y > x ? 1 : -1;
		if (values) {
			let v = values[a]!;
			let w = values[b]!;
			if (v !== v) v = Number.NEGATIVE_INFINITY;
			if (w !== w) w = Number.NEGATIVE_INFINITY;
			if (v !== w) return w > v ? 1 : -1;
		}

		return a - b;
	};
}

export function rowCompare(values: MapValues, sort: Sort): RowCompare {
	switch (sort.column) {
		case 'value':
			return numberCompare(values.reading, sort.descending);
		case 'delta':
			return numberCompare(values.delta, sort.descending, values.reading);
		case 'rate':
			// Rates are changes over the one interval of the read: the same order.
			return numberCompare(values.delta, sort.descending, values.reading);
		default: {
			const byKey = keyCompare(values);
			return sort.descending ? (a, b) => byKey(b, a) : byKey;
		}
	}
}

const filterMasks = new WeakMap<MapValues, Map<string, Uint8Array>>();

/** Rows whose key or value text holds the filter, case-insensitively (undefined: no filter). */
export function rowFilter(values: MapValues, filter: string, hex = false): RowFilter | undefined {
	const needle = filter.trim().toLowerCase();
	if (needle === '' || !values.contents) return undefined;
	const cache = filterMasks.get(values) ?? new Map<string, Uint8Array>();
	filterMasks.set(values, cache);
	const cacheKey = `${hex ? 'x' : ''}:${needle}`;
	let mask = cache.get(cacheKey);
	if (!mask) {
		mask = new Uint8Array(values.rowCount);
		const full = values.rowCount <= fullTextFilterRows;
		for (let row = 0; row < values.rowCount; row++) {
			const texts = full ? rowTexts(values, row, hex) : [quickKeyText(values, row), String(values.reading[row])];
			mask[row] = texts.some(text => text.toLowerCase().includes(needle)) ? 1 : 0;
		}

		cache.set(cacheKey, mask);
	}

	const kept = mask;
	return row => kept[row] === 1;
}

function rowTexts(values: MapValues, row: number, hex: boolean): string[] {
	const shown = valueRow(values, row, {hex});
	return [shown.keyText, shown.keyHex, ...shown.fields.map(field => field.text)];
}

/** The key as a number or hex, without BTF formatting: what a filter over a million rows can afford. */
function quickKeyText(values: MapValues, row: number): string {
	const key = keyBytes(values.contents!, rowEntry(values, row));
	const variable = values.layout.parts[rowPart(values, row)]?.variable;
	if (variable !== undefined) return variable;
	if (values.layout.keyOrder === 'number') return String(numbersOf(values)[rowEntry(values, row)]);
	return Buffer.from(key).toString('latin1').replace(/\0+$/, '');
}

export type OrderedRows = {
	/** Rows the filter keeps. */
	readonly total: number;
	/** Row indices from..from+count of the order. */
	window(from: number, count: number): Int32Array;
	/** Where a row stands in the order (-1: filtered out). */
	rank(row: number): number;
};

const orders = new WeakMap<MapValues, Map<string, OrderedRows>>();

/** The order of a read's rows under a sort and a filter, windows of it computed on demand (and remembered). */
export function orderRows(values: MapValues, sort: Sort, filter: string, hex = false): OrderedRows {
	const cache = orders.get(values) ?? new Map<string, OrderedRows>();
	orders.set(values, cache);
	// Hex only changes what a filter matches.
	const key = `${sort.column}:${sort.descending}:${filter.trim() === '' ? '' : hex}:${filter}`;
	let order = cache.get(key);
	if (!order) {
		order = makeOrder(values, sort, filter, hex);
		cache.set(key, order);
	}

	return order;
}

function makeOrder(values: MapValues, sort: Sort, filter: string, hex: boolean): OrderedRows {
	const compare = rowCompare(values, sort);
	const include = rowFilter(values, filter, hex);
	const total = countRows(values.rowCount, include);
	// Screens ask for nearby windows again and again (each key press, each frame): keep the last block.
	let block: {from: number; rows: Int32Array} | undefined;
	const blockSize = 256;
	const ranks = new Map<number, number>();
	let full: Int32Array | undefined;
	return {
		total,
		window(from, count) {
			const start = Math.max(0, Math.min(from, total));
			const end = Math.min(total, start + count);
			// Batch output walks the whole order in big chunks: sort it once.
			if (count >= 1000 && total > heapLimitRows) {
				full ??= windowRows(values.rowCount, 0, total, compare, include, total);
				return full.subarray(start, end);
			}

			if (!block || start < block.from || end > block.from + block.rows.length) {
				const blockFrom = Math.max(0, start - blockSize / 2);
				block = {from: blockFrom, rows: windowRows(values.rowCount, blockFrom, Math.max(blockSize, end - blockFrom + blockSize / 2), compare, include, total)};
			}

			return block.rows.subarray(start - block.from, end - block.from);
		},
		rank(row) {
			if (row < 0 || row >= values.rowCount || (include && !include(row))) return -1;
			// Usually the row is in the block shown (the top when nothing was shown yet): no pass over every row.
			if (!block) this.window(0, 1);
			const inBlock = block ? block.rows.indexOf(row) : -1;
			if (block && inBlock >= 0) return block.from + inBlock;
			let rank = ranks.get(row);
			if (rank === undefined) {
				rank = rankOf(values.rowCount, row, compare, include);
				ranks.set(row, rank);
			}

			return rank;
		},
	};
}
