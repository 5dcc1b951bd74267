// The value table as plain text, after the programs table, when --map is given without --json:
// every row in the table's default order (highest rate first), written in chunks as it is made,
// the column widths taken from the first chunk.
import {fit, layoutColumns} from '../present/column.js';
import {orderRows} from '../model/map-order.js';
import type {MapValues} from '../model/map-values.js';
import {mapValuesSummary} from '../present/map-values/map-values-summary.js';
import {valueColumns} from '../present/map-values/value-columns.js';
import {defaultValueSort, linesFrom, type ValueLine} from '../present/map-values/value-lines.js';

/** Rows formatted per chunk (the first chunk also sizes the columns). */
const chunkRows = 2000;

export function writeMapValuesText(values: MapValues, write: (text: string) => void, width = 120): void {
	const options = {sort: defaultValueSort, filter: ''};
	const total = values.contents ? orderRows(values, options.sort, options.filter).total : 0;
	const first = linesFrom(values, options, 0, chunkRows);
	const layout = layoutColumns(valueColumns(values, first, true), first, width);
	const line = (cell: (index: number) => string) =>
		layout.columns.map((column, index) => fit(cell(index), layout.widths[index]!, column.align ?? (column.numeric ? 'right' : 'left'))).join(' ').trimEnd();
	const rows = (lines: readonly ValueLine[]) => lines.map(item => `${line(index => layout.columns[index]!.value(item, layout.widths[index]!))}\n`).join('');
	const summary = mapValuesSummary(values, values.mapId, values.layout.histogram ? values.rowCount : total);
	write([summary.text, ...(summary.warning ? [summary.warning] : []), line(index => layout.columns[index]!.header), ''].join('\n'));
	write(rows(first));
	for (let from = chunkRows; from < total && !values.layout.histogram; from += chunkRows) write(rows(linesFrom(values, options, from, chunkRows)));
	write('\n');
}
