// The rows the Programs view shows, in order: filtered, then sorted by the chosen column.
import type {Model} from '../../model/model.js';
import type {ProgramRow} from '../../model/programs.js';
import {filterRows, sortRows, type Sort} from '../../model/table.js';
import {programColumnsFor, programFilterTexts} from './program-columns.js';
import {memoLast} from '../../model/memo-last.js';

export const programTable = memoLast((model: Model | undefined, sort: Sort, filter: string): ProgramRow[] => {
	if (!model) return [];
	const columns = programColumnsFor(model);
	const column = columns.find(candidate => candidate.id === sort.column) ?? columns[0]!;
	const rows = filterRows(model.programs, filter, programFilterTexts);
	return sortRows(rows, column.sort ?? (row => row.program.id), sort.descending);
});
