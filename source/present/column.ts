// A table is data: a list of columns, each with its header, width, cell text and sort key.
import {graphemes} from '../terminal/graphemes.js';
import stringWidth from '../terminal/string-width.js';
import type {SortValue} from '../model/table.js';

export type Column<Row> = {
	readonly id: string;
	readonly header: string;
	/** Fixed width in cells; the first `grow` column takes what is left. */
	readonly width: number;
	readonly align?: 'left' | 'right';
	readonly grow?: boolean;
	/** The cell text. Kernel-provided text must be sanitised here. */
	readonly value: (row: Row) => string;
	/** What sorting by this column compares; absent when the column does not sort. */
	readonly sort?: (row: Row) => SortValue;
	/** Numbers sort descending first (the hottest on top); text ascending. */
	readonly descendingFirst?: boolean;
	/** Left out when the terminal is too narrow for every column (the last optional one first). */
	readonly optional?: boolean;
};

/** The columns that fit in `totalWidth`, and their widths: fixed columns as declared, the grow
 * column takes the rest; when even that is too wide, optional columns are left out, last first. */
export function layoutColumns<Row>(columns: readonly Column<Row>[], totalWidth: number): {columns: Array<Column<Row>>; widths: number[]} {
	const need = (shown: readonly Column<Row>[]) => shown.reduce((sum, column) => sum + column.width, 0) + Math.max(0, shown.length - 1);
	let shown = [...columns];
	for (const column of [...columns].reverse()) {
		if (need(shown) <= totalWidth) break;
		if (column.optional) shown = shown.filter(candidate => candidate !== column);
	}

	const spare = totalWidth - need(shown.filter(column => !column.grow)) - (shown.some(column => column.grow) ? 1 : 0);
	return {columns: shown, widths: shown.map(column => (column.grow ? Math.max(column.width, spare) : column.width))};
}

/** A table as lines of text (the Table component and every text output draw with this). */
export function tableLines<Row>(columns: readonly Column<Row>[], rows: readonly Row[], totalWidth: number, headerOf: (column: Column<Row>) => string = column => column.header): {header: string; rows: string[]} {
	const layout = layoutColumns(columns, totalWidth);
	const line = (cell: (column: Column<Row>) => string) =>
		layout.columns.map((column, index) => fit(cell(column), layout.widths[index]!, column.align)).join(' ');
	return {header: line(headerOf), rows: rows.map(row => line(column => column.value(row)))};
}

/** The plain-text table of batch output: header and rows, trailing spaces trimmed. */
export function textTableLines<Row>(columns: readonly Column<Row>[], rows: readonly Row[], totalWidth: number): string[] {
	const {header, rows: lines} = tableLines(columns, rows, totalWidth);
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
