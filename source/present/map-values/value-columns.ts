// The value table's columns, built for the lines on screen: the key, one column per value field
// (struct members), then the main field's change, rate and a sparkline of its rate filling what is
// left. A histogram map gets its own: key, bucket range, count, change, rate and a bar.
import type {Column} from '../column.js';
import {formatCount, formatRate} from '../../model/format.js';
import type {FieldValue} from '../../model/map-rows.js';
import type {MapValues} from '../../model/map-values.js';
import {sparkline} from '../../model/sparkline.js';
import type {ValueLine} from './value-lines.js';

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

export function formatDelta(delta: number | undefined): string {
	if (delta === undefined) return '';
	return delta > 0 ? `+${formatCount(delta)}` : formatCount(delta);
}

export function rateText(rate: number | undefined): string {
	if (rate === undefined || Number.isNaN(rate)) return '';
	return rate < 0 ? `-${formatRate(-rate)}` : formatRate(rate);
}

function fieldsOf(line: ValueLine): readonly FieldValue[] {
	return line.kind === 'entry' ? line.row.fields : line.kind === 'cpu' ? line.cpu.fields : [];
}

function mainField(line: ValueLine): FieldValue | undefined {
	if (line.kind === 'cpu') return line.cpu.fields[line.row.primary];
	return line.kind === 'entry' ? line.row.fields[line.row.primary] : undefined;
}

const width = (text: string) => [...text].length;

export function valueColumns(values: MapValues, lines: readonly ValueLine[], totalWidth: number, ascii = false): Array<Column<ValueLine>> {
	if (lines.some(line => line.kind === 'bucket')) return histogramColumns(lines, totalWidth, ascii);
	const entries = lines.filter((line): line is Extract<ValueLine, {kind: 'entry'}> => line.kind === 'entry');
	// Hex bytes (x) have no main number: the value then takes the spare width.
	const counting = entries.length > 0 ? entries.some(line => line.row.primary >= 0) : values.layout.parts.some(part => part.locator);
	const names: string[] = [];
	for (const line of entries) for (const field of line.row.fields) if (!names.includes(field.name)) names.push(field.name);
	if (names.length === 0) names.push('');
	const primaryName = entries.find(line => line.row.primary >= 0)?.row.fields.find((_, index) => index === entries.find(each => each.row.primary >= 0)?.row.primary)?.name ?? '';
	const isDatasec = values.layout.parts.some(part => part.variable !== undefined);
	const keyHeader = isDatasec ? 'VARIABLE' : 'KEY';
	// Keys as hex bytes (x) get the room a 16-byte key needs; other keys are cut at 28.
	const hexKeys = entries.length > 0 && entries.every(line => line.row.keyText === line.row.keyHex);
	const keyWidth = clamp(Math.max(keyHeader.length, 6, ...lines.map(line => (line.kind === 'bucket' ? 0 : width(line.row.keyText)))), 6, hexKeys ? 48 : 28);

	const columns: Array<Column<ValueLine>> = [
		{id: 'mark', header: ' ', width: 1, value: line => (line.kind !== 'entry' ? ' ' : line.row.isNew ? '+' : line.row.perCpu ? (line.expanded ? '▾' : '▸') : ' ')},
		{id: 'key', header: keyHeader, width: keyWidth, value: line => (line.kind === 'cpu' ? `  cpu${line.cpu.cpu}` : line.kind === 'entry' ? line.row.keyText : '')},
	];
	const tail: Array<Column<ValueLine>> = counting
		? [
				{id: 'delta', header: primaryName ? `Δ ${primaryName}` : 'Δ', width: 10, align: 'right', value: line => formatDelta(mainField(line)?.delta)},
				{id: 'rate', header: primaryName ? `${primaryName}/s` : 'RATE/s', width: 10, align: 'right', value: line => rateText(mainField(line)?.ratePerSec)},
			]
		: [];
	const fixed = () => [...columns, ...tail].reduce((sum, column) => sum + column.width + 1, 0);
	// Value columns (struct members) while they fit, leaving room for a history of at least 10.
	for (const [index, name] of names.entries()) {
		const texts = lines.map(line => fieldsOf(line).find(field => field.name === name)?.text ?? '');
		const columnWidth = clamp(Math.max(width(name || 'VALUE'), ...texts.map(width)), 5, counting ? 20 : 60);
		if (index > 0 && fixed() + columnWidth + 1 + (counting ? 10 : 0) > totalWidth) break;
		columns.push({
			id: index === 0 ? 'value' : `field:${name}`,
			header: name || 'VALUE',
			width: columnWidth,
			// Numbers right, text (and hex bytes, x) left.
			align: texts.every(text => /^-?\d+(\.\d+)?(e[+-]?\d+)?$/.test(text) || text === '') ? 'right' : 'left',
			value: line => fieldsOf(line).find(field => field.name === name)?.text ?? '',
		});
	}

	columns.push(...tail);
	// Nothing counts (strings, a .rodata): the value takes the spare width.
	if (!counting) return columns.map(column => (column.id === 'value' ? {...column, grow: true} : column));
	const historyWidth = Math.max(4, totalWidth - columns.reduce((sum, column) => sum + column.width + 1, 0));
	columns.push({id: 'history', header: 'HISTORY (rate)', width: historyWidth, value: line => (line.kind === 'entry' ? sparkline(line.row.history.values(), historyWidth, {ascii}) : '')});
	return columns;
}

type BucketLine = Extract<ValueLine, {kind: 'bucket'}>;

const bucket = (line: ValueLine): BucketLine | undefined => (line.kind === 'bucket' ? line : undefined);

function histogramColumns(lines: readonly ValueLine[], totalWidth: number, ascii: boolean): Array<Column<ValueLine>> {
	const groupWidth = clamp(Math.max(3, ...lines.map(line => width(bucket(line)?.group ?? ''))), 3, 24);
	const labelWidth = clamp(Math.max(6, ...lines.map(line => width(bucket(line)?.label ?? ''))), 6, 24);
	const columns: Array<Column<ValueLine>> = [
		{id: 'key', header: 'KEY', width: groupWidth, value: line => bucket(line)?.group ?? ''},
		{id: 'bucket', header: 'BUCKET', width: labelWidth, value: line => bucket(line)?.label ?? ''},
		{id: 'value', header: 'COUNT', width: 10, align: 'right', value: line => String(bucket(line)?.count ?? '')},
		{id: 'delta', header: 'Δ', width: 9, align: 'right', value: line => formatDelta(bucket(line)?.delta)},
		{id: 'rate', header: 'RATE/s', width: 9, align: 'right', value: line => rateText(bucket(line)?.rate)},
	];
	const barWidth = Math.max(4, totalWidth - columns.reduce((sum, column) => sum + column.width + 1, 0));
	columns.push({id: 'bar', header: 'HISTOGRAM', width: barWidth, grow: true, value: line => bar(bucket(line)?.share ?? 0, barWidth, ascii)});
	return columns;
}

/** A bar of `share` × width cells (any count shows at least one). */
function bar(share: number, cells: number, ascii: boolean): string {
	const length = share > 0 ? Math.max(1, Math.round(share * cells)) : 0;
	return (ascii ? '#' : '█').repeat(Math.min(cells, length));
}
