// The Attachments table: where every program is hooked in, and in which network namespace.
import {Box, Text} from 'ink';
import {fit} from '../../present/column.js';
import {Table} from '../../components/Table.js';
import {currentNetns} from '../../model/attachments.js';
import {sanitize} from '../../model/sanitize.js';
import type {ViewProps} from '../view.js';
import {attachmentColumnsFor, defaultAttachmentSort} from '../../present/attachments/attachment-columns.js';
import {attachmentTable, type AttachmentRow} from '../../present/attachments/attachment-table.js';

const keyOf = (row: AttachmentRow) => row.key;

export function AttachmentsView({model, ui, selectedKey, width, height}: ViewProps) {
	const sort = ui.sorts.attachments ?? defaultAttachmentSort;
	const rows = attachmentTable(model, sort, ui.filter);
	const netns = ui.netns ?? currentNetns;
	const loaded = model?.snapshot.attachments !== undefined || (model?.hosts ?? []).some(entry => entry.model?.snapshot.attachments !== undefined);
	const title = `Attachments: ${rows.length}  │  net show in network namespace "${sanitize(netns)}"  │  links, cgroups, perf events: system-wide  │  Enter: program`;
	return (
		<Box flexDirection="column">
			<Text dimColor>{fit(title, width)}</Text>
			<Table
				columns={attachmentColumnsFor(model)}
				rows={rows}
				keyOf={keyOf}
				selectedKey={selectedKey}
				sort={sort}
				width={width}
				height={height - 2}
				emptyText={loaded ? 'No attachments seen: no program is attached anywhere bpftool can see.' : 'Loading…'}
			/>
		</Box>
	);
}
