// A scrolling table drawn from a column list. Rows are lines of text in at most three Text nodes.
import {Box} from 'ink';
import {TextLines} from './TextLines.js';
import type {Sort} from '../model/table.js';
import {useGlyphs} from '../ui/glyph-context.js';
import {useTheme} from '../ui/theme-context.js';
import {fit, tableLines, type Column} from '../present/column.js';

type Props<Row> = {
	readonly columns: ReadonlyArray<Column<Row>>;
	readonly rows: readonly Row[];
	readonly keyOf: (row: Row) => string;
	readonly selectedKey?: string;
	readonly sort?: Sort;
	readonly width: number;
	/** Lines for the rows, not counting the header. */
	readonly height: number;
	readonly emptyText?: string;
};

export function Table<Row>({columns, rows, keyOf, selectedKey, sort, width, height, emptyText}: Props<Row>) {
	const theme = useTheme();
	const glyphs = useGlyphs();
	const arrow = (column: Column<Row>) => (sort?.column === column.id ? (sort.descending ? glyphs.sortDescending : glyphs.sortAscending) : '');
	const selectedIndex = Math.max(0, rows.findIndex(row => keyOf(row) === selectedKey));
	const visible = Math.max(0, height);
	// Scroll only as far as needed to keep the selection on screen.
	const offset = Math.min(Math.max(0, selectedIndex - visible + 1), Math.max(0, rows.length - visible));
	const shown = rows.slice(offset, offset + visible);
	// Widths from every row (text) and the rows drawn (figures): scrolling does not move the columns.
	const lines = tableLines(columns, rows, width, {shown, sortColumn: sort?.column, headerOf: column => column.header + arrow(column)});
	const fitted = lines.rows.map(line => fit(line, width));
	// Where the selected row is among the shown ones (shown.length when it is not shown).
	const found = shown.findIndex(row => keyOf(row) === selectedKey);
	const selectedShown = found === -1 ? shown.length : found;
	const block = (from: number, to: number) => (from < to ? <TextLines key={`rows-${from}`} text={fitted.slice(from, to).join('\n')} /> : null);

	return (
		<Box flexDirection="column">
			<TextLines bold color={theme.header || undefined} inverse={!theme.color} text={fit(lines.header, width)} />
			{shown.length === 0 ? <TextLines dimColor text={fit(emptyText ?? '(nothing to show)', width)} /> : null}
			{/* Three Text nodes, not one per row: the rows above the selection, the selected row, the
			    rows below. Fewer nodes to reconcile, lay out and draw on every refresh. */}
			{block(0, selectedShown)}
			{selectedShown < shown.length ? <TextLines inverse text={fitted[selectedShown]!} /> : null}
			{block(selectedShown + 1, shown.length)}
		</Box>
	);
}
