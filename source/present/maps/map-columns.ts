// The Maps table's columns: what each shows and how it sorts.
import type {Column} from '../column.js';
import {withHostColumn} from '../host-column.js';
import type {Model} from '../../model/model.js';
import {formatBytes, formatCount} from '../../model/format.js';
import type {MapRow} from '../../model/maps.js';
import {bpftraceName} from '../../model/histogram.js';
import {sanitize} from '../../model/sanitize.js';
import {allHoldersText, holdersFitting, holdersText} from '../holders.js';

export function usedByText(row: MapRow): string {
	return row.usedBy.map(user => `${sanitize(user.name) || '?'}#${user.id}`).join(', ');
}

// Narrow terminals keep the name, id, type and memory longest; the key and value sizes least.
export const mapColumns: ReadonlyArray<Column<MapRow>> = [
	{id: 'id', header: 'ID', width: 4, numeric: true, priority: 80, value: row => String(row.map.id), sort: row => row.map.id},
	{id: 'type', header: 'TYPE', width: 6, maxWidth: 16, priority: 60, value: row => sanitize(row.map.type), sort: row => row.map.type},
	// bpftrace's maps as its users name them (@opens for AT_opens); the value table's title has both.
	{id: 'name', header: 'NAME', width: 8, maxWidth: 16, priority: 100, value: row => sanitize(bpftraceName(row.map.name) ?? row.map.name), sort: row => row.map.name},
	{id: 'key', header: 'KEY', width: 3, numeric: true, priority: 30, value: row => String(row.map.bytes_key ?? '-'), sort: row => row.map.bytes_key ?? 0, descendingFirst: true},
	{id: 'value', header: 'VALUE', width: 5, numeric: true, priority: 30, value: row => String(row.map.bytes_value ?? '-'), sort: row => row.map.bytes_value ?? 0, descendingFirst: true},
	{id: 'max', header: 'MAX', width: 6, numeric: true, priority: 50, value: row => (row.map.max_entries === undefined ? '-' : String(row.map.max_entries)), sort: row => row.map.max_entries ?? 0, descendingFirst: true},
	{id: 'entries', header: 'USED', width: 5, numeric: true, priority: 52, value: row => (row.entries === undefined ? '-' : formatCount(row.entries)), sort: row => row.entries ?? -1, descendingFirst: true},
	{id: 'memory', header: 'MEMORY', width: 6, numeric: true, priority: 55, value: row => (row.map.bytes_memlock === undefined ? '-' : formatBytes(row.map.bytes_memlock)), sort: row => row.map.bytes_memlock ?? 0, descendingFirst: true},
	{id: 'used-by', header: 'USED BY', width: 8, maxWidth: 32, priority: 45, value: usedByText, sort: row => usedByText(row)},
	{id: 'process', header: 'PROCESS', width: 8, maxWidth: 24, priority: 35, value: (row, width) => holdersFitting(row.map.pids, width), sort: row => holdersText(row.map.pids)},
];

/** With several hosts, a HOST column first. */
export const mapColumnsFor = (model: Model | undefined) => withHostColumn(mapColumns, model);

export const defaultMapSort = {column: 'id', descending: false} as const;

export function mapFilterTexts(row: MapRow): string[] {
	// The name as shown (bpftrace's @opens) and as the kernel has it (AT_opens) both match.
	return [String(row.map.id), row.map.type, row.map.name, bpftraceName(row.map.name) ?? '', usedByText(row), allHoldersText(row.map.pids), row.host ?? ''];
}
