// The Attachments table's columns: what each shows and how it sorts.
import type {Column} from '../column.js';
import {kindRank, type Attachment} from '../../model/attachments.js';
import {sanitize} from '../../model/sanitize.js';
import {allHoldersText, holdersText} from '../holders.js';

export const attachmentColumns: ReadonlyArray<Column<Attachment>> = [
	{id: 'kind', header: 'KIND', width: 14, value: row => sanitize(row.kind), sort: row => `${String(kindRank(row.kind)).padStart(3, '0')} ${row.kind}`},
	{id: 'target', header: 'TARGET', width: 24, grow: true, value: row => sanitize(row.target), sort: row => row.target},
	{id: 'mode', header: 'MODE', width: 14, value: row => sanitize(row.mode), sort: row => row.mode},
	{id: 'prog', header: 'PROG', width: 6, align: 'right', value: row => String(row.progId), sort: row => row.progId},
	{id: 'name', header: 'PROG NAME', width: 16, value: row => sanitize(row.progName), sort: row => row.progName},
	{id: 'netns', header: 'NETNS', width: 20, optional: true, value: row => sanitize(row.netns ?? '-'), sort: row => row.netns ?? ''},
	{id: 'process', header: 'PROCESS', width: 16, optional: true, value: row => holdersText(row.holders), sort: row => holdersText(row.holders)},
	{id: 'link', header: 'LINK', width: 5, align: 'right', optional: true, value: row => (row.linkId === undefined ? '-' : String(row.linkId)), sort: row => row.linkId ?? -1},
];

export const defaultAttachmentSort = {column: 'kind', descending: false} as const;

export function attachmentFilterTexts(row: Attachment): string[] {
	return [row.kind, row.target, row.mode, String(row.progId), row.progName, row.netns ?? '', allHoldersText(row.holders)];
}
