// The `attachments` and `program_dump` keys of the --json document (documented in the README).
import {attachmentList} from '../model/attachments.js';
import type {Model} from '../model/model.js';

export function attachmentsJson(model: Model): Array<Record<string, unknown>> | undefined {
	const sources = model.snapshot.attachments;
	if (!sources) return undefined;
	return attachmentList(sources, model.snapshot.programs).map(attachment => ({
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
