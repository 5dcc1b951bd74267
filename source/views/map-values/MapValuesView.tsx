// The value table: one row per entry with its change, rate and a sparkline of the rate — or, for a
// histogram map, one line per bucket with a bar. Only the rows on screen are made (value-lines.ts).
import {Box, Text} from 'ink';
import {Table} from '../../components/Table.js';
import {fit} from '../../components/column.js';
import {useTheme} from '../../ui/theme-context.js';
import type {ViewProps} from '../view.js';
import {mapValuesSummary} from './map-values-summary.js';
import {valueColumns} from './value-columns.js';
import {lineKey, lineOptions, valueWindow} from './value-lines.js';

export function MapValuesView({model, ui, selectedKey, width, height, mapProgress}: ViewProps) {
	const theme = useTheme();
	const values = model?.mapValues?.mapId === ui.mapId ? model?.mapValues : undefined;
	const options = lineOptions(ui);
	const probe = mapValuesSummary(values, ui.mapId, values?.rowCount ?? 0, mapProgress);
	const summaryLines = probe.warning ? 2 : 1;
	const rowsHeight = Math.max(1, height - 1 - summaryLines);
	const window = valueWindow(values, options, selectedKey, rowsHeight);
	const summary = mapValuesSummary(values, ui.mapId, window.total, mapProgress);
	return (
		<Box flexDirection="column">
			<Text bold>{fit(summary.text, width)}</Text>
			{summary.warning ? <Text color={theme.warning || undefined}>{fit(summary.warning, width)}</Text> : null}
			{values ? (
				<Table
					columns={valueColumns(values, window.lines, width)}
					rows={window.lines}
					keyOf={lineKey}
					selectedKey={selectedKey}
					sort={options.sort}
					width={width}
					height={rowsHeight}
					emptyText={values.status === 'ok' ? (ui.filter ? 'No entry matches the filter.' : 'The map is empty.') : 'No values.'}
				/>
			) : null}
		</Box>
	);
}
