// The value table's columns, built for the lines shown (a big map's rows are never all made): the
// key, one column per value field (struct members), then the main field's change, rate and a
// sparkline of its rate filling what is left. A histogram map gets its own: key, bucket range,
// count, change, rate and a bar filling what is left.
import type {Column} from '../column.js';
import {formatCount, formatRate} from '../../model/format.js';
import {historyLength} from '../../model/history.js';
import type {FieldValue} from '../../model/map-rows.js';
import type {MapValues} from '../../model/map-values.js';
import {sparkline} from '../../model/sparkline.js';
import type {ValueLine} from './value-lines.js';

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

/** A cell holding one number (not hex bytes or words): shown whole or not at all. */
const oneNumber = /^[-+]?\d+(\.\d+)?$/;

/**
 * The key, the value and its change and rate stay longest; further struct members go before them
 * (the last first), and the history (a sparkline, at most one value per cell of its width) first.
 */
export function valueColumns(values: MapValues, lines: readonly ValueLine[], ascii = false): Array<Column<ValueLine>> {
	if (lines.some(line => line.kind === 'bucket')) return histogramColumns(ascii);
	const entries = lines.filter((line): line is Extract<ValueLine, {kind: 'entry'}> => line.kind === 'entry');
	// Hex bytes (x) have no main number: the value then takes the width.
	const counting = entries.length > 0 ? entries.some(line => line.row.primary >= 0) : values.layout.parts.some(part => part.locator);
	const names: string[] = [];
	for (const line of entries) for (const field of line.row.fields) if (!names.includes(field.name)) names.push(field.name);
	if (names.length === 0) names.push('');
	const withMain = entries.find(line => line.row.primary >= 0)?.row;
	const primaryName = withMain?.fields[withMain.primary]?.name ?? '';
	const keyHeader = values.layout.parts.some(part => part.variable !== undefined) ? 'VARIABLE' : 'KEY';

	const columns: Array<Column<ValueLine>> = [
		{id: 'mark', header: ' ', width: 1, priority: 100, value: line => (line.kind !== 'entry' ? ' ' : line.row.isNew ? '+' : line.row.perCpu ? (line.expanded ? '▾' : '▸') : ' ')},
		// As wide as the keys need (up to 48 cells, a 16-byte key in hex; more when there is room).
		{id: 'key', header: keyHeader, width: 6, maxWidth: 48, priority: 99, value: line => (line.kind === 'cpu' ? `  cpu${line.cpu.cpu}` : line.kind === 'entry' ? line.row.keyText : '')},
	];
	for (const [index, name] of names.entries()) {
		const texts = lines.map(line => fieldsOf(line).find(field => field.name === name)?.text ?? '');
		const number = texts.every(text => oneNumber.test(text) || text === '');
		columns.push({
			id: index === 0 ? 'value' : `field:${name}`,
			header: name || 'VALUE',
			width: 5,
			// Strings and hex bytes (no counter beside them) may take the width; counters' neighbours less.
			maxWidth: counting ? 24 : 200,
			numeric: number,
			align: number ? 'right' : 'left',
			priority: index === 0 ? 95 : Math.max(60, 80 - index),
			value: line => fieldsOf(line).find(field => field.name === name)?.text ?? '',
		});
	}

	if (!counting) return columns;
	return [
		...columns,
		{id: 'delta', header: primaryName ? `Δ ${primaryName}` : 'Δ', width: 6, numeric: true, priority: 90, value: line => formatDelta(mainField(line)?.delta)},
		{id: 'rate', header: primaryName ? `${primaryName}/s` : 'RATE/s', width: 6, numeric: true, priority: 90, value: line => rateText(mainField(line)?.ratePerSec)},
		// One cell per refresh kept: wider would only pad.
		{id: 'history', header: 'HISTORY (rate)', width: 14, maxWidth: historyLength, fill: true, priority: 20, value: (line, width) => (line.kind === 'entry' ? sparkline(line.row.history.values(), width, {ascii}) : '')},
	];
}

type BucketLine = Extract<ValueLine, {kind: 'bucket'}>;

const bucket = (line: ValueLine): BucketLine | undefined => (line.kind === 'bucket' ? line : undefined);

function histogramColumns(ascii: boolean): Array<Column<ValueLine>> {
	return [
		{id: 'key', header: 'KEY', width: 3, maxWidth: 24, priority: 99, value: line => bucket(line)?.group ?? ''},
		{id: 'bucket', header: 'BUCKET', width: 6, maxWidth: 24, priority: 98, value: line => bucket(line)?.label ?? ''},
		{id: 'value', header: 'COUNT', width: 5, numeric: true, priority: 95, value: line => String(bucket(line)?.count ?? '')},
		{id: 'delta', header: 'Δ', width: 6, numeric: true, priority: 90, value: line => formatDelta(bucket(line)?.delta)},
		{id: 'rate', header: 'RATE/s', width: 6, numeric: true, priority: 90, value: line => rateText(bucket(line)?.rate)},
		{id: 'bar', header: 'HISTOGRAM', width: 10, maxWidth: 200, fill: true, priority: 20, value: (line, width) => bar(bucket(line)?.share ?? 0, width, ascii)},
	];
}

/** A bar of `share` × width cells (any count shows at least one). */
function bar(share: number, cells: number, ascii: boolean): string {
	const length = share > 0 ? Math.max(1, Math.round(share * cells)) : 0;
	return (ascii ? '#' : '█').repeat(Math.min(cells, length));
}
