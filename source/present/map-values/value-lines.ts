// The value table's lines: a window of the ordered rows around the selection (a million rows are
// never all made into lines), each entry followed by its per-CPU values when expanded. The selection
// is a row's key ("<key hex>[/variable][#cpuN]"), so it follows the row when the order changes; the
// view moves it itself (moveSelection), since the App's generic moves need every key.
import type {CpuRow, MapValueRow} from '../../model/map-rows.js';
import {valueRow} from '../../model/map-rows.js';
import {orderRows} from '../../model/map-order.js';
import type {MapValues} from '../../model/map-values.js';
import type {Sort} from '../../model/table.js';
import {histogramLines} from './histogram-lines.js';

export type ValueLine =
	| {readonly kind: 'entry'; readonly row: MapValueRow; readonly expanded: boolean}
	| {readonly kind: 'cpu'; readonly row: MapValueRow; readonly cpu: CpuRow}
	/** A histogram's bucket: its range, count, change and a bar scaled to the largest bucket of its histogram. */
	| {readonly kind: 'bucket'; readonly row?: MapValueRow; readonly key: string; readonly group: string; readonly label: string; readonly count: number; readonly delta?: number; readonly rate?: number; readonly share: number};

/** Highest rate first, as in top; `s` once more gives key order. */
export const defaultValueSort: Sort = {column: 'rate', descending: true};

/** The columns `s` cycles through (nextSort needs only that they sort). */
export const valueSortColumns = [
	{id: 'key', sort: (row: MapValueRow) => row.keyText},
	{id: 'value', sort: (row: MapValueRow) => row.fields[row.primary]?.reading?.number ?? 0, descendingFirst: true},
	{id: 'delta', sort: (row: MapValueRow) => row.fields[row.primary]?.delta ?? 0, descendingFirst: true},
	{id: 'rate', sort: (row: MapValueRow) => row.fields[row.primary]?.ratePerSec ?? 0, descendingFirst: true},
];

export type LineOptions = {
	readonly sort: Sort;
	readonly filter: string;
	readonly expanded?: readonly string[];
	readonly hex?: boolean;
};

export const lineKey = (line: ValueLine) => (line.kind === 'entry' ? line.row.id : line.kind === 'cpu' ? `${line.row.id}#cpu${line.cpu.cpu}` : line.key);

/** The "mapId:rowId" the expand event toggles for a line (a per-CPU line toggles its entry). */
export function expandKey(mapId: number | undefined, key: string): string {
	return `${mapId ?? ''}:${key.replace(/#cpu\d+$/, '')}`;
}

/** The row a selection key names, or -1. */
export function rowOfKey(values: MapValues, key: string | undefined): number {
	const contents = values.contents;
	if (key === undefined || !contents) return -1;
	const [hex = '', rest] = key.replace(/#cpu\d+$/, '').split('/', 2);
	if (hex.length !== contents.keySize * 2) return -1;
	const bytes = Buffer.from(hex, 'hex');
	// An array's key is its index: no index of keys needed.
	const guess = contents.keySize === 4 ? bytes.readUInt32LE(0) : -1;
	const inPlace = guess >= 0 && guess < contents.count && bytes.equals(contents.keys.subarray(guess * 4, guess * 4 + 4));
	const entry = inPlace ? guess : values.keyIndex().find(bytes, 0);
	if (entry < 0) return -1;
	const part = rest === undefined ? 0 : values.layout.parts.findIndex(candidate => candidate.variable === rest);
	return part < 0 ? -1 : entry * values.layout.parts.length + part;
}

function linesOf(values: MapValues, rows: Int32Array, options: LineOptions): ValueLine[] {
	const lines: ValueLine[] = [];
	for (const index of rows) {
		const row = valueRow(values, index, {hex: options.hex});
		const open = row.perCpu !== undefined && (options.expanded ?? []).includes(expandKey(values.mapId, row.id));
		lines.push({kind: 'entry', row, expanded: open});
		if (open) for (const cpu of row.perCpu ?? []) lines.push({kind: 'cpu', row, cpu});
	}

	return lines;
}

/** Histograms are drawn whole (a few buckets per key); tables as a window of the order. */
function isHistogram(values: MapValues, options: LineOptions): boolean {
	return values.layout.histogram !== undefined && options.hex !== true;
}

export type ValueWindow = {
	readonly lines: readonly ValueLine[];
	/** Rows the filter keeps (the table's length). */
	readonly total: number;
	/** Where the window starts in the order. */
	readonly from: number;
};

/** The lines for a screen of `height` rows with the selection on it (at the bottom when scrolled, as Table keeps it). */
export function valueWindow(values: MapValues | undefined, options: LineOptions, selectedKey: string | undefined, height: number): ValueWindow {
	if (!values?.contents) return {lines: [], total: 0, from: 0};
	if (isHistogram(values, options)) {
		const lines = histogramLines(values, options.filter);
		return {lines, total: lines.length, from: 0};
	}

	const order = orderRows(values, options.sort, options.filter, options.hex);
	const rank = Math.max(0, order.rank(rowOfKey(values, selectedKey)));
	const from = Math.max(0, Math.min(rank - height + 1, order.total - height));
	return {lines: linesOf(values, order.window(from, height + 1), options), total: order.total, from};
}

/** Lines for rows from..from+count of the order (batch text prints the table this way, in chunks). */
export function linesFrom(values: MapValues, options: LineOptions, from: number, count: number): readonly ValueLine[] {
	if (!values.contents) return [];
	if (isHistogram(values, options)) return from === 0 ? histogramLines(values, options.filter) : [];
	return linesOf(values, orderRows(values, options.sort, options.filter, options.hex).window(from, count), options);
}

/** The first line's key: the App's selection when none is chosen yet. */
export function firstLineKey(values: MapValues | undefined, options: LineOptions): string | undefined {
	const first = valueWindow(values, options, undefined, 1).lines[0];
	return first ? lineKey(first) : undefined;
}

/** Whether a key names a line that is there (an existing row; a per-CPU line of an expanded row). */
export function lineExists(values: MapValues | undefined, options: LineOptions, key: string | undefined): boolean {
	if (!values?.contents || key === undefined) return false;
	if (isHistogram(values, options)) return histogramLines(values, options.filter).some(line => lineKey(line) === key);
	const row = rowOfKey(values, key);
	if (row < 0 || orderRows(values, options.sort, options.filter, options.hex).rank(row) < 0) return false;
	return !/#cpu\d+$/.test(key) || (options.expanded ?? []).includes(expandKey(values.mapId, key));
}

export type Move = 'up' | 'down' | 'page-up' | 'page-down' | 'home' | 'end';

const moves: Record<Move, 'line' | 'page' | 'home' | 'end'> = {up: 'line', down: 'line', 'page-up': 'page', 'page-down': 'page', home: 'home', end: 'end'};

export function isMove(action: string): action is Move {
	return action in moves;
}

/** The key the selection moves to (undefined when nothing is there to move to). */
export function moveSelection(values: MapValues | undefined, options: LineOptions, selectedKey: string | undefined, action: Move, height: number): string | undefined {
	const kind = moves[action];
	if (!values?.contents) return undefined;
	const step = kind === 'page' ? Math.max(1, height) : 1;
	const delta = action === 'up' || action === 'page-up' || action === 'home' ? -step : step;
	if (isHistogram(values, options)) {
		const lines = histogramLines(values, options.filter);
		const at = Math.max(0, lines.findIndex(line => lineKey(line) === selectedKey));
		const target = kind === 'home' ? 0 : kind === 'end' ? lines.length - 1 : Math.min(lines.length - 1, Math.max(0, at + delta));
		const line = lines[target];
		return line ? lineKey(line) : undefined;
	}

	const order = orderRows(values, options.sort, options.filter, options.hex);
	if (order.total === 0) return undefined;
	if (kind === 'home') return lineKey(linesOf(values, order.window(0, 1), options)[0]!);
	if (kind === 'end') return lineKey(linesOf(values, order.window(order.total - 1, 1), options).at(-1)!);
	const rank = Math.max(0, order.rank(rowOfKey(values, selectedKey)));
	// The rows a move can reach, as lines (an expanded row adds its CPUs), and a move among them.
	const from = Math.max(0, rank - step - 1);
	const lines = linesOf(values, order.window(from, 2 * step + 3), options);
	const at = Math.max(0, lines.findIndex(line => lineKey(line) === selectedKey));
	return lineKey(lines[Math.min(lines.length - 1, Math.max(0, at + delta))]!);
}
