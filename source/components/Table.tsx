// A scrolling table drawn from a column list. Each row is one Text line: cheap to lay out.
import {Box, Text} from 'ink';
import type {Sort} from '../model/table.js';
import {useGlyphs} from '../ui/glyph-context.js';
import {useTheme} from '../ui/theme-context.js';
import {fit, tableLines, type Column} from './column.js';

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
	const lines = tableLines(columns, shown, width, column => column.header + arrow(column));

	return (
		<Box flexDirection="column">
			<Text bold color={theme.header || undefined} inverse={!theme.color}>
				{fit(lines.header, width)}
			</Text>
			{shown.length === 0 ? <Text dimColor>{fit(emptyText ?? '(nothing to show)', width)}</Text> : null}
			{shown.map((row, index) => {
				const key = keyOf(row);
				const line = lines.rows[index]!;
				return (
					<Text key={key} inverse={key === selectedKey}>
						{fit(line, width)}
					</Text>
				);
			})}
		</Box>
	);
}
