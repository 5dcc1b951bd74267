// The `attachments` and `program_dump` keys of the --json document (documented in the README).
import type {Model} from '../model/model.js';
import {attachmentRows} from '../present/attachments/attachment-table.js';

/** Whether the model holds attachments (asked for), on one machine or on any of several hosts. */
export function hasAttachments(model: Model): boolean {
	return model.snapshot.attachments !== undefined || (model.hosts ?? []).some(entry => entry.model?.snapshot.attachments !== undefined);
}

export function attachmentsJson(model: Model): Array<Record<string, unknown>> | undefined {
	if (!hasAttachments(model)) return undefined;
	return attachmentRows(model).map(attachment => ({
		...(attachment.host === undefined ? {} : {host: attachment.host}),
		kind: attachment.kind,
		target: attachment.target,
		...(attachment.devname === undefined ? {} : {devname: attachment.devname}),
		...(attachment.ifindex === undefined ? {} : {ifindex: attachment.ifindex}),
		mode: attachment.mode,
		prog_id: attachment.progId,
		prog_name: attachment.progName,
		netns: attachment.netns ?? null,
		link_id: attachment.linkId ?? null,
		pids: attachment.holders.map(({pid, comm}) => ({pid, comm})),
		source: attachment.source,
	}));
}

export function programDumpJson(model: Model): Record<string, unknown> | undefined {
	const dump = model.snapshot.programDump;
	if (!dump) return undefined;
	return {
		prog_id: dump.progId,
		xlated: dump.xlated.ok ? dump.xlated.lines : {error: dump.xlated.error},
		...(dump.jited === undefined ? {} : {jited: dump.jited.ok ? dump.jited.lines.map(line => line.text) : {error: dump.jited.error, unsupported: dump.jited.unsupported ?? false}}),
	};
}
