// The Attachments table's columns: what each shows and how it sorts.
import type {Column} from '../column.js';
import {withHostColumn} from '../host-column.js';
import type {Model} from '../../model/model.js';
import {kindRank, type Attachment} from '../../model/attachments.js';
import {sanitize} from '../../model/sanitize.js';
import {allHoldersText, holdersFitting, holdersText} from '../holders.js';

// Narrow terminals keep where (TARGET), what (KIND) and which program longest.
export const attachmentColumns: ReadonlyArray<Column<Attachment>> = [
	{id: 'kind', header: 'KIND', width: 6, maxWidth: 16, priority: 90, value: row => sanitize(row.kind), sort: row => `${String(kindRank(row.kind)).padStart(3, '0')} ${row.kind}`},
	{id: 'target', header: 'TARGET', width: 10, maxWidth: 28, priority: 100, value: row => sanitize(row.target), sort: row => row.target},
	{id: 'mode', header: 'MODE', width: 6, maxWidth: 16, priority: 50, value: row => sanitize(row.mode), sort: row => row.mode},
	{id: 'prog', header: 'PROG', width: 4, numeric: true, priority: 80, value: row => String(row.progId), sort: row => row.progId},
	{id: 'name', header: 'PROG NAME', width: 8, maxWidth: 16, priority: 85, value: row => sanitize(row.progName), sort: row => row.progName},
	{id: 'netns', header: 'NETNS', width: 6, maxWidth: 20, priority: 30, value: row => sanitize(row.netns ?? '-'), sort: row => row.netns ?? ''},
	{id: 'process', header: 'PROCESS', width: 8, maxWidth: 24, priority: 45, value: (row, width) => holdersFitting(row.holders, width), sort: row => holdersText(row.holders)},
	{id: 'link', header: 'LINK', width: 4, numeric: true, priority: 40, value: row => (row.linkId === undefined ? '-' : String(row.linkId)), sort: row => row.linkId ?? -1},
];

/** With several hosts, a HOST column first. */
export const attachmentColumnsFor = (model: Model | undefined) => withHostColumn(attachmentColumns, model);

export const defaultAttachmentSort = {column: 'kind', descending: false} as const;

export function attachmentFilterTexts(row: Attachment): string[] {
	return [row.kind, row.target, row.mode, String(row.progId), row.progName, row.netns ?? '', allHoldersText(row.holders), row.host ?? ''];
}
