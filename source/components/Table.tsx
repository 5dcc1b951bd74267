// A scrolling table drawn from a column list. Each row is one Text line: cheap to lay out.
import {Box, Text} from 'ink';
import type {Sort} from '../model/table.js';
import {useTheme} from '../ui/theme-context.js';
import {fit, layoutColumns, type Column} from './column.js';

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
	const widths = layoutColumns(columns, width);
	const header = columns
		.map((column, index) => {
			const arrow = sort?.column === column.id ? (sort.descending ? '▼' : '▲') : '';
			return fit(column.header + arrow, widths[index]!, column.align);
		})
		.join(' ');

	const selectedIndex = Math.max(0, rows.findIndex(row => keyOf(row) === selectedKey));
	const visible = Math.max(0, height);
	// Scroll only as far as needed to keep the selection on screen.
	const offset = Math.min(Math.max(0, selectedIndex - visible + 1), Math.max(0, rows.length - visible));
	const shown = rows.slice(offset, offset + visible);

	return (
		<Box flexDirection="column">
			<Text bold color={theme.header || undefined} inverse={!theme.color}>
				{fit(header, width)}
			</Text>
			{shown.length === 0 ? <Text dimColor>{fit(emptyText ?? '(nothing to show)', width)}</Text> : null}
			{shown.map(row => {
				const key = keyOf(row);
				const line = columns.map((column, index) => fit(column.value(row), widths[index]!, column.align)).join(' ');
				return (
					<Text key={key} inverse={key === selectedKey}>
						{fit(line, width)}
					</Text>
				);
			})}
		</Box>
	);
}
