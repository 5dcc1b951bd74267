// The Trace view: what BPF programs print (bpf_printk), newest at the bottom, following new lines
// until the user scrolls up or pauses.
import {Box, Text} from 'ink';
import {fit} from '../../present/column.js';
import {Table} from '../../components/Table.js';
import {sanitize} from '../../model/sanitize.js';
import {traceWindow} from '../../model/trace-log.js';
import {useTheme} from '../../ui/theme-context.js';
import type {ViewProps} from '../view.js';
import {traceColumnsFor, traceRows} from '../../present/trace/trace-columns.js';
import {TraceError} from './TraceError.js';
import {statusText} from './trace-status.js';

export function TraceView({model, ui, trace, width, height}: ViewProps) {
	const theme = useTheme();
	if (!trace) return <Text dimColor>{fit('Opening the trace log…', width)}</Text>;
	if (trace.log.error) return <TraceError error={trace.log.error} width={width} height={height} />;
	const rows = traceRows(height);
	const window = traceWindow(trace.log, ui.filter, trace.scroll, rows);
	const warn = trace.log.dropped > 0 || trace.log.notice !== undefined;
	const status = trace.log.notice ? `! ${sanitize(trace.log.notice)}` : statusText(trace, window, ui.filter);
	return (
		<Box flexDirection="column">
			<Text color={warn ? theme.warning || undefined : undefined}>{fit(status, width)}</Text>
			<Table
				columns={traceColumnsFor(model)}
				rows={window.entries}
				keyOf={entry => String(entry.seq)}
				width={width}
				height={rows}
				emptyText={ui.filter ? `No trace lines match "${ui.filter}".` : 'Waiting for trace lines (bpf_printk output)…'}
			/>
		</Box>
	);
}
