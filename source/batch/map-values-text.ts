// The value table as plain text, after the programs table, when --map is given without --json.
import {textTableLines} from '../present/column.js';
import type {MapValues} from '../model/map-values.js';
import {mapValuesSummary} from '../present/map-values/map-values-summary.js';
import {valueColumns} from '../present/map-values/value-columns.js';
import {defaultValueSort, valueLines} from '../present/map-values/value-lines.js';

export function mapValuesText(values: MapValues, width = 120): string {
	const lines = valueLines(values, defaultValueSort, '');
	const summary = mapValuesSummary(values, values.mapId, lines.length);
	return [summary.text, ...(summary.warning ? [summary.warning] : []), ...textTableLines(valueColumns(values, lines, true), lines, width), ''].join('\n');
}
