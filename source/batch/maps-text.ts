// The Maps list as plain text (--view maps in a pipe or with --once), like the programs table.
import type {Backend} from '../backends/backend.js';
import {textTableLines} from '../present/column.js';
import type {Model} from '../model/model.js';
import {sortRows} from '../model/table.js';
import {defaultMapSort, mapColumnsFor} from '../present/maps/map-columns.js';

export function mapsText(backend: Backend, model: Model, width = 120): string {
	const columns = mapColumnsFor(model);
	const column = columns.find(candidate => candidate.id === defaultMapSort.column)!;
	const rows = sortRows(model.maps, column.sort!, defaultMapSort.descending);
	const time = new Date(model.snapshot.wallMs).toISOString();
	return [
		`bpftop-ts - ${time} - ${backend.label} - ${model.programs.length} programs, ${model.snapshot.maps.length} maps`,
		...textTableLines(columns, rows, width),
		'',
	].join('\n');
}
