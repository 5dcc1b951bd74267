// A table is data: a list of columns, each with its header, width, cell text and sort key.
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
};

/** Widths for a given terminal width: fixed columns as declared, the grow column takes the rest. */
export function layoutColumns<Row>(columns: readonly Column<Row>[], totalWidth: number): number[] {
	const gaps = Math.max(0, columns.length - 1);
	const fixed = columns.reduce((sum, column) => sum + (column.grow ? 0 : column.width), 0);
	const spare = totalWidth - fixed - gaps;
	return columns.map(column => (column.grow ? Math.max(column.width, spare) : column.width));
}

/** Pads or cuts text to exactly `width` cells (with an ellipsis when cut). */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	if (width <= 0) return '';
	const chars = [...text];
	if (chars.length > width) return width === 1 ? '…' : chars.slice(0, width - 1).join('') + '…';
	const pad = ' '.repeat(width - chars.length);
	return align === 'right' ? pad + text : text + pad;
}
