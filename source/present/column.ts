// A table is data: a list of columns, each with its header, width, cell text and sort key.
import {graphemes} from '../terminal/graphemes.js';
import stringWidth from '../terminal/string-width.js';
import type {SortValue} from '../model/table.js';

export type Column<Row> = {
	readonly id: string;
	readonly header: string;
	/**
	 * The narrowest the column is shown, in cells. A figure widens to its widest value and is never
	 * cut; a text column is cut with "…" below its need, never below this.
	 */
	readonly width: number;
	/** Text: as wide as its longest value needs, up to this cap (spare room lifts the cap); absent: fixed at `width`. A fill column's widest. */
	readonly maxWidth?: number;
	readonly align?: 'left' | 'right';
	/** A figure: right-aligned, never cut (a column with no room for its figures is left out). */
	readonly numeric?: boolean;
	/** Takes the room the others leave (a message, a sparkline), up to `maxWidth`. */
	readonly fill?: boolean;
	/** Which columns stay when the terminal is narrow: higher stays longer (default 50); the sort column stays longest. */
	readonly priority?: number;
	/** The cell text, for a cell `width` wide (only a sparkline needs to know). Kernel-provided text must be sanitised here. */
	readonly value: (row: Row, width: number) => string;
	/**
	 * What a text column's text is made from (compared with ===): rows with the same have texts of one
	 * width. A program's row is made anew whenever its counters move, its name and holders not; this
	 * lets the width be measured once per name, not once per row and refresh.
	 */
	readonly measureBy?: (row: Row) => unknown;
	/** What sorting by this column compares; absent when the column does not sort. */
	readonly sort?: (row: Row) => SortValue;
	/** Numbers sort descending first (the hottest on top); text ascending. */
	readonly descendingFirst?: boolean;
};

/** What one column asks of the width, in cells. */
export type ColumnNeed = {
	/** Narrowest it may be shown (a figure's widest value: it is never cut). */
	readonly min: number;
	/** What it asks for: its longest value, up to its cap. */
	readonly natural: number;
	/** Where spare room stops widening it: its longest value uncapped, or a fill column's widest. */
	readonly full: number;
	readonly priority: number;
	/** Takes what is left after every column had its full width. */
	readonly fill?: boolean;
};

/**
 * Shares `total` cells among columns (`gap` between two), pure. In order of priority (the declared
 * order breaks ties), each column gets its natural width while it fits; the first that does not
 * is shown cut if it is text and its minimum fits, and every column after it is left out, so a
 * narrower terminal loses the least important columns first. Room left over widens cut text
 * toward its longest value (highest priority first), then fill columns. Undefined: left out.
 */
export function allocateWidths(needs: readonly ColumnNeed[], total: number, gap = 1): Array<number | undefined> {
	const order = needs.map((_, index) => index).sort((a, b) => needs[b]!.priority - needs[a]!.priority || a - b);
	const widths: Array<number | undefined> = needs.map(() => undefined);
	let used = 0;
	const cost = (width: number) => width + (used === 0 ? 0 : gap);
	let next = 0;
	for (; next < order.length; next++) {
		const need = needs[order[next]!]!;
		if (used + cost(need.natural) > total) break;
		used += cost(need.natural);
		widths[order[next]!] = need.natural;
	}

	const cutOne = order[next];
	if (cutOne !== undefined) {
		const need = needs[cutOne]!;
		const room = total - used - (used === 0 ? 0 : gap);
		if (need.min < need.natural && room >= need.min) {
			widths[cutOne] = room;
			used = total;
		} else if (used === 0) {
			// Not even the first column fits: show it cut rather than nothing.
			widths[cutOne] = total;
			used = total;
		}
	}

	let spare = total - used;
	const widen = (index: number, to: number) => {
		const add = Math.max(0, Math.min(spare, to - widths[index]!));
		widths[index]! += add;
		spare -= add;
	};

	for (const index of order) if (widths[index] !== undefined && !needs[index]!.fill) widen(index, needs[index]!.full);
	for (const index of order) if (widths[index] !== undefined && needs[index]!.fill) widen(index, needs[index]!.full);
	return widths;
}

/**
 * What a row's cells came to: each column's text width (measured unbounded) and the row's last line
 * with the layout it was made for. A column's text is a pure function of its row and width, and a
 * row that did not change is the same object on the next refresh (an idle program's row,
 * model/programs.ts): it is not formatted, sanitised, measured or laid out again.
 */
type RowMemo = {
	readonly widths: Array<number | undefined>;
	layout?: string;
	line?: string;
};

/**
 * The memos of the rows a column list last drew or measured, and of those it draws now. Kept from
 * one table to the next only (not in a WeakMap per row: rows that are made anew on every refresh,
 * as the emulator's are, would fill it until a full collection).
 */
type TableMemo = {previous: Map<unknown, RowMemo>; current: Map<unknown, RowMemo>};

const tableMemos = new WeakMap<readonly unknown[], TableMemo>();

/** Starts a table for `columns`: rows the last one touched keep their memos. */
function startTable(columns: readonly unknown[]): void {
	const memo = tableMemos.get(columns);
	if (memo === undefined) tableMemos.set(columns, {previous: new Map(), current: new Map()});
	else if (memo.current.size > 0) tableMemos.set(columns, {previous: memo.current, current: new Map()});
}

function memoOf<Row>(columns: readonly Column<Row>[], row: Row): RowMemo | undefined {
	if (typeof row !== 'object' || row === null) return undefined;
	const table = tableMemos.get(columns);
	if (table === undefined) return undefined;
	let memo = table.current.get(row);
	if (memo === undefined) {
		memo = table.previous.get(row) ?? {widths: []};
		table.current.set(row, memo);
	}

	return memo;
}

/** The width of column `index`'s text for `row`, unbounded. */
function textWidth<Row>(columns: readonly Column<Row>[], index: number, row: Row): number {
	const memo = memoOf(columns, row);
	let width = memo?.widths[index];
	if (width === undefined) {
		width = stringWidth(columns[index]!.value(row, Number.POSITIVE_INFINITY));
		if (memo) memo.widths[index] = width;
	}

	return width;
}

/** At most this many rows are measured for a text column's width (the rest rarely differ). */
const measuredRows = 2000;

/**
 * Text widths by rows array and column: the rows of one refresh are measured once, not again for
 * every key press (measuring 1,000 programs' names and holders takes a few ms).
 */
const measured = new WeakMap<readonly unknown[], WeakMap<object, number>>();

/** Text widths by what the text is made from (Column.measureBy), per column, kept across refreshes. */
const widthsBySource = new WeakMap<object, Map<unknown, number>>();

function longestText<Row>(columns: readonly Column<Row>[], index: number, rows: readonly Row[]): number {
	let byColumn = measured.get(rows);
	if (!byColumn) measured.set(rows, (byColumn = new WeakMap()));
	const column = columns[index]!;
	let widest = byColumn.get(column);
	if (widest === undefined) {
		widest = 0;
		const count = Math.min(rows.length, measuredRows);
		const measureBy = column.measureBy;
		if (measureBy === undefined) {
			for (let row = 0; row < count; row++) widest = Math.max(widest, textWidth(columns, index, rows[row]!));
		} else {
			let widths = widthsBySource.get(column);
			// Sources of rows long gone would pile up: start again when there are many more than rows.
			if (widths === undefined || widths.size > 4 * count + 64) widthsBySource.set(column, (widths = new Map()));
			for (let row = 0; row < count; row++) {
				const source = measureBy(rows[row]!);
				let width = widths.get(source);
				if (width === undefined) {
					width = stringWidth(column.value(rows[row]!, Number.POSITIVE_INFINITY));
					widths.set(source, width);
				}

				widest = Math.max(widest, width);
			}
		}

		byColumn.set(column, widest);
	}

	return widest;
}

/** What column `index` needs to show `rows`: text measured over every row (so scrolling moves nothing), figures over the rows drawn. */
function columnNeed<Row>(columns: readonly Column<Row>[], index: number, header: string, rows: readonly Row[], shown: readonly Row[], sorted: boolean): ColumnNeed {
	const column = columns[index]!;
	const priority = sorted ? Number.POSITIVE_INFINITY : (column.priority ?? 50);
	const base = Math.max(column.width, stringWidth(header));
	if (column.fill) return {min: base, natural: base, full: Math.max(base, column.maxWidth ?? Number.POSITIVE_INFINITY), priority, fill: true};
	if (column.numeric) {
		let width = base;
		for (const row of shown) width = Math.max(width, textWidth(columns, index, row));
		return {min: width, natural: width, full: width, priority};
	}

	if (column.maxWidth === undefined) return {min: base, natural: base, full: base, priority};
	const widest = longestText(columns, index, rows);
	const natural = Math.min(Math.max(base, widest), Math.max(base, column.maxWidth));
	return {min: Math.min(natural, base), natural, full: Math.max(natural, widest), priority};
}

export type TableOptions<Row> = {
	/** The header as drawn (with a sort arrow). */
	readonly headerOf?: (column: Column<Row>) => string;
	/** The sort column's id: it stays longest. */
	readonly sortColumn?: string;
	/** The rows drawn (a screen's window); every row when absent. */
	readonly shown?: readonly Row[];
};

/** The columns that fit in `totalWidth` and their widths, in the declared order. */
export function layoutColumns<Row>(columns: readonly Column<Row>[], rows: readonly Row[], totalWidth: number, options: TableOptions<Row> = {}): {columns: Array<Column<Row>>; widths: number[]} {
	startTable(columns);
	const headerOf = options.headerOf ?? (column => column.header);
	const needs = columns.map((column, index) => columnNeed(columns, index, headerOf(column), rows, options.shown ?? rows, column.id === options.sortColumn));
	const widths = allocateWidths(needs, totalWidth);
	const shown = columns.flatMap((column, index) => (widths[index] === undefined ? [] : [{column, width: widths[index]}]));
	return {columns: shown.map(each => each.column), widths: shown.map(each => each.width)};
}

/** A table as lines of text (the Table component and every text output draw with this): the header and the `shown` rows (all when absent). */
export function tableLines<Row>(columns: readonly Column<Row>[], rows: readonly Row[], totalWidth: number, options: TableOptions<Row> = {}): {header: string; rows: string[]} {
	const headerOf = options.headerOf ?? (column => column.header);
	const layout = layoutColumns(columns, rows, totalWidth, options);
	// Which columns at which widths: a row's line is made again only when this or the row changes.
	const layoutKey = layout.columns.map((column, index) => `${column.id}:${layout.widths[index]!}`).join(' ');
	const line = (cell: (column: Column<Row>, width: number) => string) =>
		layout.columns.map((column, index) => fit(cell(column, layout.widths[index]!), layout.widths[index]!, column.align ?? (column.numeric ? 'right' : 'left'))).join(' ');
	const rowLine = (row: Row) => {
		const memo = memoOf(columns, row);
		if (memo?.layout === layoutKey) return memo.line!;
		const text = line((column, width) => column.value(row, width));
		if (memo) {
			memo.layout = layoutKey;
			memo.line = text;
		}

		return text;
	};

	return {header: line(headerOf), rows: (options.shown ?? rows).map(row => rowLine(row))};
}

/** The plain-text table of batch output: header and rows, trailing spaces trimmed. */
export function textTableLines<Row>(columns: readonly Column<Row>[], rows: readonly Row[], totalWidth: number, options: TableOptions<Row> = {}): string[] {
	const {header, rows: lines} = tableLines(columns, rows, totalWidth, options);
	return [header, ...lines].map(line => line.trimEnd());
}

/** Pads or cuts text to exactly `width` cells (with an ellipsis when cut). Wide characters (CJK,
 * emoji) take two cells: counting code points would let a kernel string wrap and break the frame. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	if (width <= 0) return '';
	const cells = stringWidth(text);
	if (cells > width) return cut(text, width);
	const pad = ' '.repeat(width - cells);
	return align === 'right' ? pad + text : text + pad;
}

/** The longest start of `text` that fits in width − 1 cells, an ellipsis, and padding to `width`. */
function cut(text: string, width: number): string {
	if (width === 1) return '…';
	let used = 0;
	let kept = '';
	for (const {segment} of graphemes(text)) {
		const cells = stringWidth(segment);
		if (used + cells > width - 1) break;
		kept += segment;
		used += cells;
	}

	return kept + '…' + ' '.repeat(width - 1 - used);
}
