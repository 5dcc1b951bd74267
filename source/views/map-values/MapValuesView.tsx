// The value table: one row per entry with its change, rate and a sparkline of the rate — or, for a
// histogram map, one line per bucket with a bar. Only the rows on screen are made (value-lines.ts).
import {Box, Text} from 'ink';
import {Table} from '../../components/Table.js';
import {fit} from '../../present/column.js';
import {hostModel} from '../../model/hosts.js';
import {sanitize} from '../../model/sanitize.js';
import {mapValuesSummary} from '../../present/map-values/map-values-summary.js';
import {valueColumns} from '../../present/map-values/value-columns.js';
import {lineKey, valueWindow} from '../../present/map-values/value-lines.js';
import {useTheme} from '../../ui/theme-context.js';
import type {ViewProps} from '../view.js';
import {lineOptions} from './line-options.js';

export function MapValuesView({model: merged, ui, selectedKey, width, height, mapProgress}: ViewProps) {
	const theme = useTheme();
	// With several hosts, the chosen host's own model: ids repeat across hosts.
	const model = hostModel(merged, ui.host);
	const values = model?.mapValues?.mapId === ui.mapId ? model?.mapValues : undefined;
	const options = lineOptions(ui);
	const warned = mapValuesSummary(values, ui.mapId, values?.rowCount ?? 0, mapProgress).warning !== undefined;
	const rowsHeight = Math.max(1, height - 2 - (warned ? 1 : 0));
	const window = valueWindow(values, options, selectedKey, rowsHeight);
	const summary = mapValuesSummary(values, ui.mapId, window.total, mapProgress);
	return (
		<Box flexDirection="column">
			<Text bold>{fit(ui.host === undefined ? summary.text : `${sanitize(ui.host)}: ${summary.text}`, width)}</Text>
			{summary.warning ? <Text color={theme.warning || undefined}>{fit(summary.warning, width)}</Text> : null}
			{values ? (
				<Table
					columns={valueColumns(values, window.lines)}
					rows={window.lines}
					keyOf={lineKey}
					selectedKey={selectedKey}
					sort={values.layout.histogram ? undefined : options.sort}
					width={width}
					height={rowsHeight}
					emptyText={values.status === 'ok' ? (ui.filter ? 'No entry matches the filter.' : 'The map is empty.') : 'No values.'}
				/>
			) : null}
		</Box>
	);
}
