// Which table --csv prints. Programs for now; the maps views add theirs here (for --view maps, one
// row per map; for --map, one row per entry), e.g. csvTable(csvColumnsFrom(mapColumns), rowsOf).
import type {Options} from '../options.js';
import {sanitize} from '../model/sanitize.js';
import {sortRows} from '../model/table.js';
import type {ProgramRow} from '../model/programs.js';
import type {Model} from '../model/model.js';
import {defaultProgramSort, programColumns} from '../present/programs/program-columns.js';
import {allHoldersText} from '../present/holders.js';
import {csvTable, type CsvColumn, type CsvTable} from './csv.js';

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The same names as the --json document's program fields. */
export const programCsvColumns: ReadonlyArray<CsvColumn<ProgramRow>> = [
	{header: 'id', value: row => row.program.id},
	{header: 'type', value: row => sanitize(row.program.type)},
	{header: 'name', value: row => sanitize(row.program.name)},
	{header: 'tag', value: row => sanitize(row.program.tag)},
	{header: 'run_cnt', value: row => row.program.run_cnt},
	{header: 'run_time_ns', value: row => row.program.run_time_ns},
	{header: 'events_per_sec', value: row => round(row.stats.eventsPerSec, 3)},
	{header: 'avg_runtime_ns', value: row => round(row.stats.avgRuntimeNs, 3)},
	{header: 'cpu_percent', value: row => round(row.stats.cpuPercent, 6)},
	{header: 'process', value: row => allHoldersText(row.program.pids)},
];

const sortColumn = programColumns.find(column => column.id === defaultProgramSort.column)!;

const sortedPrograms = (model: Model) => sortRows(model.programs, sortColumn.sort!, defaultProgramSort.descending);

export const programsCsv: CsvTable = csvTable(programCsvColumns, sortedPrograms);

/** With --host, `host` after `time`. */
export const programsCsvWithHost: CsvTable = csvTable([{header: 'host', value: row => sanitize(row.host ?? '')}, ...programCsvColumns], sortedPrograms);

export function csvTableFor(options: Options): CsvTable {
	return options.hosts.length > 0 ? programsCsvWithHost : programsCsv;
}
