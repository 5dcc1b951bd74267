// The value table's columns, built for one map: the key, one column per value field (struct
// members), then the main field's change, rate and a sparkline of its rate filling what is left.
import type {Column} from '../column.js';
import {formatCount, formatRate} from '../../model/format.js';
import type {FieldValue, MapValues} from '../../model/map-values.js';
import {sparkline} from '../../model/sparkline.js';
import type {ValueLine} from './value-lines.js';

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

export function formatDelta(delta: number | undefined): string {
	if (delta === undefined) return '';
	return delta > 0 ? `+${formatCount(delta)}` : formatCount(delta);
}

function fieldsOf(line: ValueLine): readonly FieldValue[] {
	return line.kind === 'entry' ? line.row.fields : line.cpu.fields;
}

export function valueColumns(values: MapValues, lines: readonly ValueLine[], width: number, ascii = false): Array<Column<ValueLine>> {
	const counting = values.rows.some(row => row.primary >= 0);
	const names = values.fieldNames.length > 0 ? values.fieldNames : [''];
	const primaryName = values.rows.find(row => row.primary >= 0)?.fields.find(field => field.reading)?.name ?? '';
	const isDatasec = values.rows.some(row => row.variable !== undefined);
	const keyHeader = isDatasec ? 'VARIABLE' : 'KEY';
	const keyWidth = clamp(Math.max(keyHeader.length, 6, ...lines.slice(0, 500).map(line => [...line.row.keyText].length)), 6, 28);

	const columns: Array<Column<ValueLine>> = [
		{id: 'mark', header: ' ', width: 1, value: line => (line.kind === 'cpu' ? ' ' : line.row.isNew ? '+' : line.row.perCpu ? (line.expanded ? '▾' : '▸') : ' ')},
		{id: 'key', header: keyHeader, width: keyWidth, value: line => (line.kind === 'cpu' ? `  cpu${line.cpu.cpu}` : line.row.keyText)},
	];
	const tail: Array<Column<ValueLine>> = counting
		? [
				{id: 'delta', header: primaryName ? `Δ ${primaryName}` : 'Δ', width: 10, align: 'right', value: line => formatDelta(fieldsOf(line).find(field => field.reading)?.delta)},
				{id: 'rate', header: primaryName ? `${primaryName}/s` : 'RATE/s', width: 10, align: 'right', value: line => rateText(fieldsOf(line).find(field => field.reading)?.ratePerSec)},
			]
		: [];
	const fixed = () => [...columns, ...tail].reduce((sum, column) => sum + column.width + 1, 0);
	// Value columns (struct members) while they fit, leaving room for a history of at least 10.
	for (const [index, name] of names.entries()) {
		const texts = lines.slice(0, 500).map(line => fieldsOf(line).find(field => field.name === name)?.text ?? '');
		const columnWidth = clamp(Math.max([...(name || 'VALUE')].length, ...texts.map(text => [...text].length)), 5, counting ? 20 : 60);
		if (index > 0 && fixed() + columnWidth + 1 + (counting ? 10 : 0) > width) break;
		columns.push({
			id: index === 0 ? 'value' : `field:${name}`,
			header: name || 'VALUE',
			width: columnWidth,
			align: texts.every(text => /^-?\d/.test(text) || text === '') ? 'right' : 'left',
			value: line => fieldsOf(line).find(field => field.name === name)?.text ?? '',
		});
	}

	columns.push(...tail);
	// Nothing counts (strings, a .rodata): the value takes the spare width.
	if (!counting) return columns.map(column => (column.id === 'value' ? {...column, grow: true} : column));
	const historyWidth = Math.max(4, width - columns.reduce((sum, column) => sum + column.width + 1, 0));
	columns.push({id: 'history', header: 'HISTORY (rate)', width: historyWidth, value: line => (line.kind === 'cpu' ? '' : sparkline(line.row.history.values(), historyWidth, {ascii}))});
	return columns;
}

function rateText(rate: number | undefined): string {
	if (rate === undefined) return '';
	return rate < 0 ? `-${formatRate(-rate)}` : formatRate(rate);
}
