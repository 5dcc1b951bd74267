// The rows the Maps view shows, in order: filtered, then sorted by the chosen column.
import type {Model} from '../../model/model.js';
import type {MapRow} from '../../model/maps.js';
import {filterRows, sortRows, type Sort} from '../../model/table.js';
import {mapColumnsFor, mapFilterTexts} from './map-columns.js';
import {hostKey} from '../../model/hosts.js';
import {memoLast} from '../../model/memo-last.js';

export const mapKey = (row: MapRow) => hostKey(row.host, String(row.map.id));

export const mapTable = memoLast((model: Model | undefined, sort: Sort, filter: string): MapRow[] => {
	if (!model) return [];
	const columns = mapColumnsFor(model);
	const column = columns.find(candidate => candidate.id === sort.column) ?? columns[0]!;
	const rows = filterRows(model.maps, filter, mapFilterTexts);
	return sortRows(rows, column.sort ?? (row => row.map.id), sort.descending);
});
