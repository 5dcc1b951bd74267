// Plain snapshots for a pipe or a log, like `top -b`: no colour, no cursor movement.
import type {Backend} from '../backends/backend.js';
import {textTableLines} from '../present/column.js';
import type {Model} from '../model/model.js';
import {sortRows} from '../model/table.js';
import {defaultProgramSort, programColumnsFor} from '../present/programs/program-columns.js';

export function textTable(backend: Backend, model: Model, width = 120): string {
	const columns = programColumnsFor(model);
	const column = columns.find(candidate => candidate.id === defaultProgramSort.column)!;
	const rows = sortRows(model.programs, column.sort!, defaultProgramSort.descending);
	const time = new Date(model.snapshot.wallMs).toISOString();
	return [
		`bpftop-ts - ${time} - ${backend.label} - ${model.programs.length} programs, ${model.snapshot.maps.length} maps - stats ${backend.stats.on ? 'on' : 'off'}`,
		...textTableLines(columns, rows, width),
		'',
	].join('\n');
}
