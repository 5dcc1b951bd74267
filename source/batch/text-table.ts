// Plain snapshots for a pipe or a log, like `top -b`: no colour, no cursor movement.
import type {Backend} from '../backends/backend.js';
import {fit, layoutColumns} from '../components/column.js';
import type {Model} from '../model/model.js';
import {sortRows} from '../model/table.js';
import {defaultProgramSort, programColumns} from '../views/programs/program-columns.js';

export function textTable(backend: Backend, model: Model, width = 120): string {
	const column = programColumns.find(candidate => candidate.id === defaultProgramSort.column)!;
	const rows = sortRows(model.programs, column.sort!, defaultProgramSort.descending);
	const widths = layoutColumns(programColumns, width);
	const line = (cells: string[]) => cells.map((cell, index) => fit(cell, widths[index]!, programColumns[index]!.align)).join(' ').trimEnd();
	const time = new Date(model.snapshot.wallMs).toISOString();
	return [
		`bpftop-ts - ${time} - ${backend.label} - ${model.programs.length} programs, ${model.snapshot.maps.length} maps - stats ${backend.stats.on ? 'on' : 'off'}`,
		line(programColumns.map(column => column.header)),
		...rows.map(row => line(programColumns.map(column => column.value(row)))),
		'',
	].join('\n');
}
