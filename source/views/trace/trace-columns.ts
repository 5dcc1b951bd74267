// The Trace view's columns. Every field but the numbers is written by the kernel or by a program,
// so each passes sanitize().
import type {Column} from '../../components/column.js';
import type {TraceEntry} from '../../model/trace-log.js';
import {sanitize} from '../../model/sanitize.js';

/** bpf_printk's event name is the same on every line: only other events show theirs. */
const printkEvent = 'bpf_trace_printk';

export function traceMessage({line}: TraceEntry): string {
	const event = line.function && line.function !== printkEvent ? `${line.function}: ` : '';
	return sanitize(event + line.message);
}

export const traceColumns: ReadonlyArray<Column<TraceEntry>> = [
	{id: 'time', header: 'TIME', width: 13, align: 'right', value: ({line}) => (line.time === undefined ? '' : line.time.toFixed(6))},
	{id: 'cpu', header: 'CPU', width: 3, align: 'right', value: ({line}) => (line.cpu === undefined ? '' : String(line.cpu))},
	{id: 'task', header: 'TASK', width: 16, value: ({line}) => sanitize(line.task ?? '')},
	{id: 'pid', header: 'PID', width: 7, align: 'right', value: ({line}) => (line.pid === undefined ? '' : String(line.pid))},
	{id: 'message', header: 'MESSAGE', width: 20, grow: true, value: traceMessage},
];

/** Lines the view uses above the log: the status line and the column header. */
export const traceChromeLines = 2;

export function traceRows(height: number): number {
	return Math.max(1, height - traceChromeLines);
}
