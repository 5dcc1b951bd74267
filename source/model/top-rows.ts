// Ordering a million rows without sorting them: the rows a screen shows are a window of the order,
// usually its top (like `top`). Rows are indices 0..n-1, compared by a function over typed arrays.
// - topRows: the first k in order, with a bounded heap: O(n log k), a single pass;
// - windowRows: rows k..k+count of the order: the heap near the top, a quickselect deeper down
//   (O(n) on average, only the window sorted);
// - rankOf: where one row stands: one pass counting the rows before it.

export type RowCompare = (a: number, b: number) => number;
export type RowFilter = (row: number) => boolean;

/** Beyond this many rows from the top, a window is found by selection rather than a heap. */
const heapLimit = 2048;

/**
 * `backwards` walks the rows from the last: with many equal rows (ties go by row index) a reversed
 * order then rejects each row with one comparison instead of taking each one in.
 */
export function topRows(n: number, k: number, compare: RowCompare, include?: RowFilter, backwards = false): Int32Array {
	const heap = new Int32Array(Math.max(0, Math.min(k, n)));
	let size = 0;
	if (heap.length === 0) return heap;
	// A max-heap by order: its top is the last of the best k seen so far.
	const siftDown = (from: number) => {
		let at = from;
		for (;;) {
			const left = 2 * at + 1;
			if (left >= size) return;
			const right = left + 1;
			const larger = right < size && compare(heap[right]!, heap[left]!) > 0 ? right : left;
			if (compare(heap[larger]!, heap[at]!) <= 0) return;
			const swap = heap[at]!;
			heap[at] = heap[larger]!;
			heap[larger] = swap;
			at = larger;
		}
	};

	for (let step = 0; step < n; step++) {
		const row = backwards ? n - 1 - step : step;
		if (include && !include(row)) continue;
		if (size < heap.length) {
			let at = size++;
			heap[at] = row;
			while (at > 0) {
				const parent = (at - 1) >> 1;
				if (compare(heap[at]!, heap[parent]!) <= 0) break;
				const swap = heap[at]!;
				heap[at] = heap[parent]!;
				heap[parent] = swap;
				at = parent;
			}
		} else if (compare(row, heap[0]!) < 0) {
			heap[0] = row;
			siftDown(0);
		}
	}

	return heap.subarray(0, size).sort(compare);
}

/** Rows from..from+count-1 of the order (fewer at the end); `total` is how many rows the filter keeps, if known. */
export function windowRows(n: number, from: number, count: number, compare: RowCompare, include?: RowFilter, total?: number): Int32Array {
	if (from + count <= heapLimit) return topRows(n, from + count, compare, include).subarray(from);
	// Near the end (End, G): the top of the reversed order, reversed.
	const kept = total ?? countRows(n, include);
	if (kept - from <= heapLimit) return topRows(n, Math.max(0, kept - from), (a, b) => compare(b, a), include, true).reverse().subarray(0, count);
	const rows = includedRows(n, include);
	const start = Math.min(from, rows.length);
	const end = Math.min(from + count, rows.length);
	if (start >= end) return new Int32Array(0);
	selectRange(rows, 0, rows.length - 1, start, end - 1, compare);
	return rows.subarray(start, end).sort(compare);
}

/** How many rows come before `row` in the order. */
export function rankOf(n: number, row: number, compare: RowCompare, include?: RowFilter): number {
	let rank = 0;
	for (let other = 0; other < n; other++) if (other !== row && (!include || include(other)) && compare(other, row) < 0) rank++;
	return rank;
}

/** How many rows the filter keeps. */
export function countRows(n: number, include?: RowFilter): number {
	if (!include) return n;
	let count = 0;
	for (let row = 0; row < n; row++) if (include(row)) count++;
	return count;
}

function includedRows(n: number, include?: RowFilter): Int32Array {
	const rows = new Int32Array(countRows(n, include));
	let next = 0;
	for (let row = 0; row < n; row++) if (!include || include(row)) rows[next++] = row;
	return rows;
}

/** Partially orders rows[low..high] so that positions first..last hold what a full sort would put there. */
function selectRange(rows: Int32Array, low: number, high: number, first: number, last: number, compare: RowCompare): void {
	while (low < high) {
		const pivot = medianOfThree(rows, low, (low + high) >> 1, high, compare);
		let left = low;
		let right = high;
		while (left <= right) {
			while (compare(rows[left]!, pivot) < 0) left++;
			while (compare(rows[right]!, pivot) > 0) right--;
			if (left <= right) {
				const swap = rows[left]!;
				rows[left++] = rows[right]!;
				rows[right--] = swap;
			}
		}

		// [low..right] ≤ pivot ≤ [left..high], and what lies between is in place: go where the range is.
		if (first <= right) selectRange(rows, low, right, first, Math.min(last, right), compare);
		if (last < left) return;
		low = left;
		first = Math.max(first, left);
	}
}

function medianOfThree(rows: Int32Array, a: number, b: number, c: number, compare: RowCompare): number {
	const x = rows[a]!;
	const y = rows[b]!;
	const z = rows[c]!;
	if (compare(x, y) < 0) {
		if (compare(y, z) < 0) return y;
		return compare(x, z) < 0 ? z : x;
	}

	if (compare(x, z) < 0) return x;
	return compare(y, z) < 0 ? z : y;
}
