// Sorting and filtering a table: pure, returning a new array, driven by the column list.

export type SortValue = number | string | bigint;

export type Sort = {
	readonly column: string;
	readonly descending: boolean;
};

export function sortRows<Row>(rows: readonly Row[], key: (row: Row) => SortValue, descending: boolean): Row[] {
	// Positions sorted by the keys beside them, not an object per row: a thousand programs are
	// sorted on every refresh, and what a refresh allocates is what the young generation must hold.
	const values = rows.map(row => key(row));
	const order = rows.map((_, index) => index);
	order.sort((a, b) => {
		const by = compare(values[a]!, values[b]!);
		// Stable: equal rows keep their order, so the selection does not jump between refreshes.
		return by === 0 ? a - b : descending ? -by : by;
	});
	return order.map(index => rows[index]!);
}

function compare(a: SortValue, b: SortValue): number {
	if (typeof a === 'string' || typeof b === 'string') return String(a).localeCompare(String(b));
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Keeps rows where any of the texts contains the filter, case-insensitively. */
export function filterRows<Row>(rows: readonly Row[], filter: string, texts: (row: Row) => readonly string[]): Row[] {
	const needle = filter.trim().toLowerCase();
	if (needle === '') return [...rows];
	return rows.filter(row => texts(row).some(text => text.toLowerCase().includes(needle)));
}

/** The sort after pressing "next column": cycles through the sortable columns, each in its natural direction. */
export function nextSort(columns: ReadonlyArray<{readonly id: string; readonly sort?: unknown; readonly descendingFirst?: boolean}>, current: Sort): Sort {
	const sortable = columns.filter(column => column.sort);
	const index = sortable.findIndex(column => column.id === current.column);
	const next = sortable[(index + 1) % sortable.length];
	return next ? {column: next.id, descending: next.descendingFirst ?? false} : current;
}

/** The key of the row `delta` rows away from the selected one, clamped to the table. */
export function moveSelection(keys: readonly string[], selected: string | undefined, delta: number): string | undefined {
	if (keys.length === 0) return undefined;
	const index = selected === undefined ? -1 : keys.indexOf(selected);
	const from = index === -1 ? 0 : index;
	const to = Math.min(keys.length - 1, Math.max(0, index === -1 && delta > 0 ? 0 : from + delta));
	return keys[to];
}
