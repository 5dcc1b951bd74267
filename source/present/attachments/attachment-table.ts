// The rows the Attachments view shows, in order, each with a key that stays put between refreshes.
import {attachmentList, type Attachment} from '../../model/attachments.js';
import type {Model} from '../../model/model.js';
import {filterRows, sortRows, type Sort} from '../../model/table.js';
import {attachmentColumnsFor, attachmentFilterTexts} from './attachment-columns.js';
import {hostKey} from '../../model/hosts.js';
import {memoLast} from '../../model/memo-last.js';

export type AttachmentRow = Attachment & {readonly key: string};

export function attachmentRows(model: Model | undefined): AttachmentRow[] {
	// Several hosts: each host's own rows, from its own model.
	if (model?.hosts) return model.hosts.flatMap(entry => attachmentRows(entry.model));
	const sources = model?.snapshot.attachments;
	if (!model || !sources) return [];
	const {host} = model.snapshot;
	const seen = new Map<string, number>();
	return attachmentList(sources, model.snapshot.programs).map(attachment => {
		// The program id leads, so Enter can open it from the key alone.
		const base = [attachment.progId, attachment.source, attachment.kind, attachment.target, attachment.mode, attachment.linkId ?? ''].join('|');
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		const key = hostKey(host, count === 0 ? base : `${base}|${count}`);
		return host === undefined ? {...attachment, key} : {host, ...attachment, key};
	});
}

export const attachmentTable = memoLast((model: Model | undefined, sort: Sort, filter: string): AttachmentRow[] => {
	const columns = attachmentColumnsFor(model);
	const column = columns.find(candidate => candidate.id === sort.column) ?? columns[0]!;
	const rows = filterRows(attachmentRows(model), filter, attachmentFilterTexts);
	return sortRows(rows, column.sort ?? (row => row.progId), sort.descending);
});
