// Plain text for --once/-n with --view attachments or --prog: the same lines the views show.
import type {Backend} from '../backends/backend.js';
import {textTableLines} from '../present/column.js';
import type {Model} from '../model/model.js';
import {attachmentColumnsFor, defaultAttachmentSort} from '../present/attachments/attachment-columns.js';
import {attachmentTable} from '../present/attachments/attachment-table.js';
import {detailLines, detailSections} from '../present/program-detail/detail-lines.js';

export function attachmentsText(backend: Backend, model: Model, width = 120): string {
	const rows = attachmentTable(model, defaultAttachmentSort, '');
	return [
		`bpftop-ts - ${new Date(model.snapshot.wallMs).toISOString()} - ${backend.label} - ${rows.length} attachments`,
		...textTableLines(attachmentColumnsFor(model), rows, width),
		'',
	].join('\n');
}

/** Every section but the machine code one after the other (the JIT dump only where it exists). */
export function detailText(model: Model, progId: number): string {
	return detailSections
		.flatMap((name, section) => [`== ${name}`, ...detailLines(model, progId, section).map(line => line.segments.map(segment => segment.text).join('').trimEnd()), ''])
		.join('\n');
}
