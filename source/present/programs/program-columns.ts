// The Programs table's columns: what each shows and how it sorts.
import type {Column} from '../column.js';
import {withHostColumn} from '../host-column.js';
import type {Model} from '../../model/model.js';
import {formatCount, formatNs, formatPercent, formatRate, shownPercent} from '../../model/format.js';
import type {ProgramRow} from '../../model/programs.js';
import {sanitize} from '../../model/sanitize.js';
import {allHoldersText, holdersFitting, holdersText} from '../holders.js';

// Narrow terminals keep the name and the figures (CPU%, EVENTS/S, AVG RUN) longest, the tag least.
export const programColumns: ReadonlyArray<Column<ProgramRow>> = [
	{id: 'id', header: 'ID', width: 4, numeric: true, priority: 70, value: row => String(row.program.id), sort: row => row.program.id},
	{id: 'type', header: 'TYPE', width: 6, maxWidth: 16, priority: 60, value: row => sanitize(row.program.type), measureBy: row => row.program.type, sort: row => row.program.type},
	{id: 'name', header: 'NAME', width: 8, maxWidth: 16, priority: 100, value: row => sanitize(row.program.name), measureBy: row => row.program.name, sort: row => row.program.name},
	{id: 'tag', header: 'TAG', width: 16, priority: 20, value: row => sanitize(row.program.tag), sort: row => row.program.tag},
	// Who holds it: the loader or the tool that attached it (comm[pid], +N more; all of them when there is room).
	{id: 'process', header: 'PROCESS', width: 8, maxWidth: 24, priority: 30, value: (row, width) => holdersFitting(row.program.pids, width), measureBy: row => row.program.pids, sort: row => holdersText(row.program.pids)},
	{id: 'events', header: 'EVENTS/S', width: 8, numeric: true, priority: 90, value: row => formatRate(row.stats.eventsPerSec), sort: row => row.stats.eventsPerSec, descendingFirst: true},
	{id: 'avg', header: 'AVG RUN', width: 7, numeric: true, priority: 85, value: row => formatNs(row.stats.avgRuntimeNs), sort: row => row.stats.avgRuntimeNs, descendingFirst: true},
	// Sorted by the figure as shown: jitter below what the column shows must not reorder the rows on
	// every refresh (a calm screen, and far fewer bytes to redraw).
	{id: 'cpu', header: 'CPU%', width: 7, numeric: true, priority: 95, value: row => formatPercent(row.stats.cpuPercent), sort: row => shownPercent(row.stats.cpuPercent), descendingFirst: true},
	{id: 'runs', header: 'RUNS', width: 6, numeric: true, priority: 40, value: row => formatCount(row.program.run_cnt ?? 0), sort: row => row.program.run_cnt ?? 0, descendingFirst: true},
];

/** With several hosts, a HOST column first. */
export const programColumnsFor = (model: Model | undefined) => withHostColumn(programColumns, model);

export const defaultProgramSort = {column: 'cpu', descending: true} as const;

export function programFilterTexts(row: ProgramRow): string[] {
	return [String(row.program.id), row.program.type, row.program.name, row.program.tag, allHoldersText(row.program.pids), row.host ?? ''];
}
