// The Attachments view as the App sees it: its rows, columns, what it asks for, what Enter does.
import type {ViewDefinition} from '../view.js';
import {attachmentColumns, attachmentColumnsFor, defaultAttachmentSort} from '../../present/attachments/attachment-columns.js';
import {splitHostKey} from '../../model/hosts.js';
import {attachmentTable} from '../../present/attachments/attachment-table.js';
import {AttachmentsView} from './AttachmentsView.js';

export const attachmentsView: ViewDefinition = {
	name: 'attachments',
	title: 'Attachments',
	key: '3',
	columns: attachmentColumns,
	columnsFor: attachmentColumnsFor,
	defaultSort: defaultAttachmentSort,
	request: ui => ({attachments: true, netns: ui.netns}),
	rowKeys: (model, ui) => attachmentTable(model, ui.sorts.attachments ?? defaultAttachmentSort, ui.filter).map(row => row.key),
	// Enter on an attachment opens its program.
	open(rowKey) {
		const {host, key} = splitHostKey(rowKey);
		const progId = Number(key.split('|')[0]);
		return Number.isInteger(progId) ? {type: 'open', view: 'program-detail', progId, ...(host === undefined ? {} : {host})} : undefined;
	},
	hints: () => [{action: 'open', text: 'program'}, {action: 'sort-next', text: 'sort'}, {action: 'filter', text: 'filter'}],
	Component: AttachmentsView,
};
