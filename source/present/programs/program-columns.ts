// The Programs table's columns: what each shows and how it sorts.
import type {Column} from '../column.js';
import {formatCount, formatNs, formatPercent, formatRate} from '../../model/format.js';
import type {ProgramRow} from '../../model/programs.js';
import {sanitize} from '../../model/sanitize.js';
import {allHoldersText, holdersText} from '../holders.js';

export const programColumns: ReadonlyArray<Column<ProgramRow>> = [
	{id: 'id', header: 'ID', width: 6, align: 'right', value: row => String(row.program.id), sort: row => row.program.id},
	{id: 'type', header: 'TYPE', width: 14, value: row => sanitize(row.program.type), sort: row => row.program.type},
	{id: 'name', header: 'NAME', width: 16, grow: true, value: row => sanitize(row.program.name), sort: row => row.program.name},
	{id: 'tag', header: 'TAG', width: 16, optional: true, value: row => sanitize(row.program.tag), sort: row => row.program.tag},
	// Who holds it: the loader or the tool that attached it (comm[pid], +N more).
	{id: 'process', header: 'PROCESS', width: 16, optional: true, value: row => holdersText(row.program.pids), sort: row => holdersText(row.program.pids)},
	{id: 'events', header: 'EVENTS/S', width: 9, align: 'right', value: row => formatRate(row.stats.eventsPerSec), sort: row => row.stats.eventsPerSec, descendingFirst: true},
	{id: 'avg', header: 'AVG RUN', width: 9, align: 'right', value: row => formatNs(row.stats.avgRuntimeNs), sort: row => row.stats.avgRuntimeNs, descendingFirst: true},
	// Sorted by the figure as shown (two decimals): jitter below what the column shows must not
	// reorder the rows on every refresh (a calm screen, and far fewer bytes to redraw).
	{id: 'cpu', header: 'CPU%', width: 7, align: 'right', value: row => formatPercent(row.stats.cpuPercent), sort: row => Math.round(row.stats.cpuPercent * 100), descendingFirst: true},
	{id: 'runs', header: 'RUNS', width: 9, align: 'right', value: row => formatCount(row.program.run_cnt ?? 0), sort: row => row.program.run_cnt ?? 0, descendingFirst: true},
];

export const defaultProgramSort = {column: 'cpu', descending: true} as const;

export function programFilterTexts(row: ProgramRow): string[] {
	return [String(row.program.id), row.program.type, row.program.name, row.program.tag, allHoldersText(row.program.pids)];
}
