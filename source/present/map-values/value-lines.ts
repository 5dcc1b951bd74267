// The value table's lines in order: entries filtered and sorted, each followed by its per-CPU
// values when expanded.
import type {CpuRow, MapValueRow, MapValues} from '../../model/map-values.js';
import {primaryDelta, primaryRate} from '../../model/map-values.js';
import {filterRows, sortRows, type Sort, type SortValue} from '../../model/table.js';

export type ValueLine =
	| {readonly kind: 'entry'; readonly row: MapValueRow; readonly expanded: boolean}
	| {readonly kind: 'cpu'; readonly row: MapValueRow; readonly cpu: CpuRow};

export const defaultValueSort: Sort = {column: 'key', descending: false};

/** What each sortable column compares; absent values sort below all others. */
export const valueSorts: Readonly<Record<string, (row: MapValueRow) => SortValue>> = {
	key: row => row.keySort,
	value: row => row.fields[row.primary]?.reading?.number ?? row.fields[0]?.text ?? '',
	delta: row => primaryDelta(row) ?? Number.NEGATIVE_INFINITY,
	rate: row => primaryRate(row) ?? Number.NEGATIVE_INFINITY,
};

export const valueSortColumns = [
	{id: 'key', sort: valueSorts['key']},
	{id: 'value', sort: valueSorts['value'], descendingFirst: true},
	{id: 'delta', sort: valueSorts['delta'], descendingFirst: true},
	{id: 'rate', sort: valueSorts['rate'], descendingFirst: true},
];

export const lineKey = (line: ValueLine) => (line.kind === 'entry' ? line.row.id : `${line.row.id}#cpu${line.cpu.cpu}`);

/** The "mapId:rowId" the expand event toggles for a line (a per-CPU line toggles its entry). */
export function expandKey(mapId: number | undefined, key: string): string {
	return `${mapId ?? ''}:${key.replace(/#cpu\d+$/, '')}`;
}

function filterTexts(row: MapValueRow): string[] {
	return [row.keyText, row.keyHex, ...row.fields.map(field => field.text)];
}

export function valueLines(values: MapValues | undefined, sort: Sort, filter: string, expanded: readonly string[] = []): ValueLine[] {
	if (!values) return [];
	const rows = sortRows(filterRows(values.rows, filter, filterTexts), valueSorts[sort.column] ?? valueSorts['key']!, sort.descending);
	return rows.flatMap(row => {
		const open = row.perCpu !== undefined && expanded.includes(expandKey(values.mapId, row.id));
		const entry: ValueLine = {kind: 'entry', row, expanded: open};
		return open ? [entry, ...(row.perCpu ?? []).map(cpu => ({kind: 'cpu' as const, row, cpu}))] : [entry];
	});
}
