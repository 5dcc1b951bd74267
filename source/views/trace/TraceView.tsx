// The Trace view: what BPF programs print (bpf_printk), newest at the bottom, following new lines
// until the user scrolls up or pauses.
import {Box, Text} from 'ink';
import {fit} from '../../components/column.js';
import {Table} from '../../components/Table.js';
import {formatCount, formatRate} from '../../model/format.js';
import {sanitize} from '../../model/sanitize.js';
import {traceWindow, type TraceWindow} from '../../model/trace-log.js';
import type {TraceState} from '../../hooks/use-trace.js';
import {useTheme} from '../../ui/theme-context.js';
import type {ViewProps} from '../view.js';
import {traceColumns, traceRows} from './trace-columns.js';

/** Said on screen because it surprises people: another `cat trace_pipe` would lose these lines. */
export const consumesNotice = 'reading trace_pipe consumes it: other readers miss these lines';

export function TraceView({ui, trace, width, height}: ViewProps) {
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
				columns={traceColumns}
				rows={window.entries}
				keyOf={entry => String(entry.seq)}
				width={width}
				height={rows}
				emptyText={ui.filter ? `No trace lines match "${ui.filter}".` : 'Waiting for trace lines (bpf_printk output)…'}
			/>
		</Box>
	);
}

export function statusText(trace: TraceState, window: TraceWindow, filter: string): string {
	const {log} = trace;
	const where = window.following ? 'following' : `paused, ${formatCount(window.below)} newer below (End follows)`;
	const shown = filter ? `${formatCount(window.matching)} of ${formatCount(log.entries.length)} match` : `${formatCount(log.total)} lines`;
	return [where, `${formatRate(log.rate)} lines/s`, shown, `${formatCount(log.dropped)} dropped`, consumesNotice].join(' │ ');
}

function TraceError({error, width, height}: {readonly error: string; readonly width: number; readonly height: number}) {
	const theme = useTheme();
	const lines = [
		'The Trace view shows what BPF programs print with bpf_printk, read from the kernel\'s trace_pipe.',
		'Mount tracefs (mount -t tracefs nodev /sys/kernel/tracing) or run as root, then open this view again.',
		'The other views keep working: press 1 for programs.',
	];
	return (
		<Box flexDirection="column">
			<Text color={theme.error || undefined} bold>
				{fit(`! Cannot read the trace log: ${sanitize(error)}`, width)}
			</Text>
			{lines.slice(0, Math.max(0, height - 1)).map(line => (
				<Text key={line}>{fit(line, width)}</Text>
			))}
		</Box>
	);
}
