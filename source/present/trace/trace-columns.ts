// The Trace view's columns. Every field but the numbers is written by the kernel or by a program,
// so each passes sanitize().
import type {Column} from '../column.js';
import {withHostColumn} from '../host-column.js';
import type {Model} from '../../model/model.js';
import {entryLine, type TraceEntry} from '../../model/trace-log.js';
import {sanitize} from '../../model/sanitize.js';

/** bpf_printk's event name is the same on every line: only other events show theirs. */
const printkEvent = 'bpf_trace_printk';

export function traceMessage(entry: TraceEntry): string {
	const line = entryLine(entry);
	const event = line.function && line.function !== printkEvent ? `${line.function}: ` : '';
	return sanitize(event + line.message);
}

export const traceColumns: ReadonlyArray<Column<TraceEntry>> = [
	{id: 'time', header: 'TIME', width: 13, numeric: true, priority: 60, value: entry => fixed(entryLine(entry).time)},
	{id: 'cpu', header: 'CPU', width: 3, numeric: true, priority: 40, value: entry => text(entryLine(entry).cpu)},
	// A task name is at most 15 characters (TASK_COMM_LEN): a fixed width, so a flood of lines is never measured.
	{id: 'task', header: 'TASK', width: 16, priority: 70, value: entry => sanitize(entryLine(entry).task ?? '')},
	{id: 'pid', header: 'PID', width: 7, numeric: true, priority: 50, value: entry => text(entryLine(entry).pid)},
	{id: 'message', header: 'MESSAGE', width: 20, fill: true, priority: 100, value: traceMessage},
];

/** With several hosts, a HOST column first (each line keeps the host that printed it). */
export const traceColumnsFor = (model: Model | undefined) => withHostColumn(traceColumns, model);

const fixed = (seconds: number | undefined) => (seconds === undefined ? '' : seconds.toFixed(6));
const text = (value: number | undefined) => (value === undefined ? '' : String(value));

/** Lines the view uses above the log: the status line and the column header. */
export const traceChromeLines = 2;

export function traceRows(height: number): number {
	return Math.max(1, height - traceChromeLines);
}
