// A table is data: a list of columns, each with its header, width, cell text and sort key.
import stringWidth from 'string-width';
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

/** Pads or cuts text to exactly `width` cells (with an ellipsis when cut). Wide characters (CJK,
 * emoji) take two cells: counting code points would let a kernel string wrap and break the frame. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	if (width <= 0) return '';
	const cells = /^[\x20-\x7e]*$/.test(text) ? text.length : stringWidth(text);
	if (cells > width) return cut(text, width);
	const pad = ' '.repeat(width - cells);
	return align === 'right' ? pad + text : text + pad;
}

const graphemes = new Intl.Segmenter();

/** The longest start of `text` that fits in width − 1 cells, an ellipsis, and padding to `width`. */
function cut(text: string, width: number): string {
	if (width === 1) return '…';
	let used = 0;
	let kept = '';
	for (const {segment} of graphemes.segment(text)) {
		const cells = stringWidth(segment);
		if (used + cells > width - 1) break;
		kept += segment;
		used += cells;
	}

	return kept + '…' + ' '.repeat(width - 1 - used);
}
