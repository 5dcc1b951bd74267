// The value table's columns, built for one map: the key, one column per value field (struct
// members), then the main field's change, rate and a sparkline of its rate filling what is left.
import type {Column} from '../column.js';
import {formatCount, formatRate} from '../../model/format.js';
import type {FieldValue, MapValues} from '../../model/map-values.js';
import {historyLength} from '../../model/history.js';
import {sparkline} from '../../model/sparkline.js';
import type {ValueLine} from './value-lines.js';

export function formatDelta(delta: number | undefined): string {
	if (delta === undefined) return '';
	return delta > 0 ? `+${formatCount(delta)}` : formatCount(delta);
}

function fieldsOf(line: ValueLine): readonly FieldValue[] {
	return line.kind === 'entry' ? line.row.fields : line.cpu.fields;
}

/** A cell holding one number (not hex bytes or words): shown whole or not at all. */
const oneNumber = /^[-+]?\d+(\.\d+)?$/;

/**
 * The key, the value and its change and rate stay longest; further struct members go before them
 * (the last first), and the history (a sparkline, at most one value per cell of its width) first.
 */
export function valueColumns(values: MapValues, lines: readonly ValueLine[], ascii = false): Array<Column<ValueLine>> {
	const counting = values.rows.some(row => row.primary >= 0);
	const names = values.fieldNames.length > 0 ? values.fieldNames : [''];
	const primaryName = values.rows.find(row => row.primary >= 0)?.fields.find(field => field.reading)?.name ?? '';
	const isDatasec = values.rows.some(row => row.variable !== undefined);
	const keyHeader = isDatasec ? 'VARIABLE' : 'KEY';

	const columns: Array<Column<ValueLine>> = [
		{id: 'mark', header: ' ', width: 1, priority: 100, value: line => (line.kind === 'cpu' ? ' ' : line.row.isNew ? '+' : line.row.perCpu ? (line.expanded ? '▾' : '▸') : ' ')},
		// As wide as the keys need (up to 48 cells, more when there is room).
		{id: 'key', header: keyHeader, width: 6, maxWidth: 48, priority: 99, value: line => (line.kind === 'cpu' ? `  cpu${line.cpu.cpu}` : line.row.keyText)},
	];
	for (const [index, name] of names.entries()) {
		const texts = lines.slice(0, 500).map(line => fieldsOf(line).find(field => field.name === name)?.text ?? '');
		columns.push({
			id: index === 0 ? 'value' : `field:${name}`,
			header: name || 'VALUE',
			width: 5,
			// Strings (a .rodata, no counter beside them) may take the width; counters' neighbours less.
			maxWidth: counting ? 24 : 200,
			numeric: texts.every(text => oneNumber.test(text) || text === ''),
			align: texts.every(text => /^-?\d/.test(text) || text === '') ? 'right' : 'left',
			priority: index === 0 ? 95 : Math.max(60, 80 - index),
			value: line => fieldsOf(line).find(field => field.name === name)?.text ?? '',
		});
	}

	if (!counting) return columns;
	return [
		...columns,
		{id: 'delta', header: primaryName ? `Δ ${primaryName}` : 'Δ', width: 6, numeric: true, priority: 90, value: line => formatDelta(fieldsOf(line).find(field => field.reading)?.delta)},
		{id: 'rate', header: primaryName ? `${primaryName}/s` : 'RATE/s', width: 6, numeric: true, priority: 90, value: line => rateText(fieldsOf(line).find(field => field.reading)?.ratePerSec)},
		// One cell per refresh kept: wider would only pad.
		{id: 'history', header: 'HISTORY (rate)', width: 14, maxWidth: historyLength, fill: true, priority: 20, value: (line, width) => (line.kind === 'cpu' ? '' : sparkline(line.row.history.values(), width, {ascii}))},
	];
}

function rateText(rate: number | undefined): string {
	if (rate === undefined) return '';
	return rate < 0 ? `-${formatRate(-rate)}` : formatRate(rate);
}
