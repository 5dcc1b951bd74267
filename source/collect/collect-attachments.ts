// The attachment questions (net show, link show, cgroup tree, perf show) and their typed answers.
// A failed one becomes a problem line, never a failed refresh: the other answers still show.
import type {z} from 'zod';
import type {Backend, Command, CommandOutput} from '../backends/backend.js';
import {cgroupTreeSchema, type CgroupTree} from '../parse/cgroup-tree.js';
import {parseOutput} from '../parse/command-output.js';
import {linkListSchema, type Link} from '../parse/link-show.js';
import {netShowSchema, type NetShow} from '../parse/net-show.js';
import {perfShowSchema, type PerfEntry} from '../parse/perf-show.js';
import {outputFor} from './find-output.js';
import type {RefreshRequest} from './request.js';
import type {AttachmentSources} from '../snapshot/snapshot.js';


const netShow: Command = ['net', 'show'];
const linkShow: Command = ['link', 'show'];
const cgroupTree: Command = ['cgroup', 'tree'];
const perfShow: Command = ['perf', 'show'];

/**
 * `global` joins the main batch; `inNetns` runs inside the named namespace. Links, cgroups and perf
 * events are not per namespace, and pinned paths are not visible inside one, so only `net show` goes.
 */
export function attachmentCommands(request: RefreshRequest): {global: Command[]; inNetns: Command[]} {
	// cgroup tree and perf show leave a stale errno that bpftool reports after the last command:
	// harmless (the batch parser drops it), but they are kept away from the end anyway.
	const global = [cgroupTree, perfShow, linkShow];
	return request.netns === undefined ? {global: [...global, netShow], inNetns: []} : {global, inNetns: [netShow]};
}

/**
 * `net show` sees only the namespace it runs in: a named one gets a batch of its own there. A
 * namespace deleted meanwhile answers an error (a problem line); the rest of the refresh still shows.
 */
export async function runInNetns(backend: Backend, request: RefreshRequest, signal?: AbortSignal): Promise<CommandOutput[]> {
	if (!request.attachments || request.netns === undefined) return [];
	const commands = attachmentCommands(request).inNetns;
	try {
		return await backend.run(commands, signal, {netns: request.netns});
	} catch (error) {
		if (signal?.aborted) throw error;
		return commands.map(command => ({command, output: {error: `in network namespace "${request.netns}": ${(error as Error).message}`}}));
	}
}

export function collectAttachments(outputs: readonly CommandOutput[], request: RefreshRequest, problems: string[]): AttachmentSources {
	function parse<T>(schema: z.ZodType<T>, command: Command): T | undefined {
		const parsed = parseOutput(schema, outputFor(outputs, command), command.join(' '));
		if (parsed.ok) return parsed.value;
		problems.push(parsed.error);
		return undefined;
	}

	return {
		netns: request.netns,
		net: parse(netShowSchema, netShow),
		links: parse(linkListSchema, linkShow) ?? [],
		cgroups: parse(cgroupTreeSchema, cgroupTree) ?? [],
		perf: parse(perfShowSchema, perfShow) ?? [],
	};
}
