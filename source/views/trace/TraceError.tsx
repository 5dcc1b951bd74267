// What the Trace view shows when the trace cannot be read: the reason, what to do about it, and
// that the rest of the monitor still works.
import {Box, Text} from 'ink';
import {fit} from '../../present/column.js';
import {sanitize} from '../../model/sanitize.js';
import {useTheme} from '../../ui/theme-context.js';

type Props = {readonly error: string; readonly width: number; readonly height: number};

export function TraceError({error, width, height}: Props) {
	const theme = useTheme();
	const lines = [
		'The Trace view shows what BPF programs print with bpf_printk, read from the kernel\'s trace_pipe.',
		adviceFor(error),
		'The other views keep working: press 1 for programs, then 4 to try this view again.',
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

/** What to do, for the kinds of failure the readers report. */
export function adviceFor(error: string): string {
	if (/busy/i.test(error)) return 'Only one reader at a time: close the other (cat trace_pipe, bpftool prog tracelog).';
	if (/permission|not permitted/i.test(error)) return 'Run as root: reading trace_pipe needs it.';
	if (/not mounted|does not exist/i.test(error)) return 'Mount tracefs: mount -t tracefs nodev /sys/kernel/tracing';
	return 'Check that tracefs is mounted and readable (mount -t tracefs nodev /sys/kernel/tracing).';
}
