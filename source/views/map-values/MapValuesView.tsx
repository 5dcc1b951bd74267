// The value table: one row per entry with its change, rate and a sparkline of the rate.
import {Box, Text} from 'ink';
import {Table} from '../../components/Table.js';
import {fit} from '../../present/column.js';
import {useTheme} from '../../ui/theme-context.js';
import {hostModel} from '../../model/hosts.js';
import {sanitize} from '../../model/sanitize.js';
import type {ViewProps} from '../view.js';
import {mapValuesSummary} from '../../present/map-values/map-values-summary.js';
import {valueColumns} from '../../present/map-values/value-columns.js';
import {defaultValueSort, lineKey, valueLines} from '../../present/map-values/value-lines.js';

export function MapValuesView({model: merged, ui, selectedKey, width, height}: ViewProps) {
	const theme = useTheme();
	// With several hosts, the chosen host's own model: ids repeat across hosts.
	const model = hostModel(merged, ui.host);
	const values = model?.mapValues?.mapId === ui.mapId ? model?.mapValues : undefined;
	const sort = ui.sorts['map-values'] ?? defaultValueSort;
	const lines = valueLines(values, sort, ui.filter, ui.expanded);
	const summary = mapValuesSummary(values, ui.mapId, lines.filter(line => line.kind === 'entry').length);
	const summaryLines = summary.warning ? 2 : 1;
	return (
		<Box flexDirection="column">
			<Text bold>{fit(ui.host === undefined ? summary.text : `${sanitize(ui.host)}: ${summary.text}`, width)}</Text>
			{summary.warning ? <Text color={theme.warning || undefined}>{fit(summary.warning, width)}</Text> : null}
			{values ? (
				<Table
					columns={valueColumns(values, lines)}
					rows={lines}
					keyOf={lineKey}
					selectedKey={selectedKey}
					sort={sort}
					width={width}
					height={height - 1 - summaryLines}
					emptyText={values.status === 'ok' ? (ui.filter ? 'No entry matches the filter.' : 'The map is empty.') : 'No values.'}
				/>
			) : null}
		</Box>
	);
}
