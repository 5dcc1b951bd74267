// One list of every attachment, from the four places bpftool shows them: `net show` (netlink: XDP,
// tc, flow dissector, netfilter, in one namespace), `link show` (every BPF link), `cgroup tree` and
// `perf show`. The same attachment can appear twice (an XDP link is in net show and link show): the
// richer source wins and takes the link id from the other. Pure.
import type {Link} from '../parse/link-show.js';
import type {Program} from '../parse/program.js';
import type {AttachmentSources} from '../snapshot/snapshot.js';

export type Attachment = {
	/** xdp, tc, tcx, netkit, flow_dissector, netfilter, cgroup, tracing, raw_tracepoint, kprobe_multi, perf_event, kprobe … */
	readonly kind: string;
	/** Where: an interface, a cgroup path, a function or tracepoint. */
	readonly target: string;
	readonly devname?: string;
	readonly ifindex?: number;
	/** XDP: generic, driver, offload; tc: ingress, egress; cgroup: the attach type; probes: kprobe, kretprobe … */
	readonly mode: string;
	readonly progId: number;
	readonly progName: string;
	/** The network namespace for per-namespace attachments ('current' or the --netns name); undefined when not per namespace or unknown. */
	readonly netns?: string;
	readonly linkId?: number;
	/** The processes that keep it attached (through a link, or a perf event they hold open). */
	readonly holders: readonly Holder[];
	/** Which bpftool command showed it. */
	readonly source: 'net' | 'link' | 'cgroup' | 'perf';
	/** The machine it is on, with --host (set on the rows, from Snapshot.host). */
	readonly host?: string;
};

export type Holder = {readonly pid: number; readonly comm: string};

export const currentNetns = 'current';

type Draft = Omit<Attachment, 'progName' | 'holders'> & {readonly progName?: string; readonly holders?: readonly Holder[]};

export function attachmentList(sources: AttachmentSources, programs: readonly Program[]): Attachment[] {
	const netns = sources.netns ?? currentNetns;
	const drafts: Draft[] = [...fromNetShow(sources, netns), ...fromCgroupTree(sources), ...fromPerfShow(sources)];

	for (const link of sources.links) {
		// Newer bpftool prints tcx/netkit link ids in net show already; perf show lists the probes a
		// process holds through perf-event links, with their function or tracepoint: the link joins it.
		const twin = drafts.findIndex(draft => draft.linkId === link.id || (draft.linkId === undefined && (sameAttachment(draft, link) || samePerfEvent(draft, link))));
		if (twin >= 0) {
			const draft = drafts[twin]!;
			drafts[twin] = {...draft, linkId: link.id, holders: mergeHolders(draft.holders, link.pids)};
		} else {
			drafts.push(fromLink(link));
		}
	}

	const names = new Map(programs.map(program => [program.id, program.name]));
	return drafts
		.map(draft => ({...draft, progName: names.get(draft.progId) ?? draft.progName ?? '', holders: draft.holders ?? []}))
		.sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || a.target.localeCompare(b.target) || a.progId - b.progId);
}

/** Network first, in the order a packet meets them, then the rest. */
const kindOrder = ['xdp', 'tc', 'tcx', 'netkit', 'flow_dissector', 'netfilter', 'sk_lookup', 'cgroup'];

export function kindRank(kind: string): number {
	const index = kindOrder.indexOf(kind);
	return index === -1 ? kindOrder.length : index;
}

/** The programs' attachments by program id, for the detail view. */
export function attachmentsOf(attachments: readonly Attachment[], progId: number): Attachment[] {
	return attachments.filter(attachment => attachment.progId === progId);
}

function device(devname: string, ifindex: number): {target: string; devname: string; ifindex: number} {
	return {target: devname ? `${devname} (${ifindex})` : `ifindex ${ifindex}`, devname, ifindex};
}

function fromNetShow({net}: AttachmentSources, netns: string): Draft[] {
	if (!net) return [];
	const xdp = net.xdp.flatMap(entry => {
		const modes = entry.multi_attachments ?? (entry.id === undefined ? [] : [{mode: entry.mode ?? '', id: entry.id}]);
		return modes.map(({mode, id}): Draft => ({kind: 'xdp', ...device(entry.devname, entry.ifindex), mode, progId: id, netns, source: 'net'}));
	});
	const tc = net.tc.flatMap((entry): Draft[] => {
		const progId = entry.prog_id ?? entry.id;
		if (progId === undefined) return [];
		// 'clsact/ingress' → tc ingress; 'tcx/egress' → tcx egress; 'netkit/peer'; a qdisc kind ('htb', 'root') stays whole.
		const [family, direction] = entry.kind.includes('/') ? entry.kind.split('/', 2) : ['tc', entry.kind];
		const kind = family === 'clsact' ? 'tc' : family!;
		return [{kind, ...device(entry.devname, entry.ifindex), mode: direction ?? '', progId, progName: entry.name, netns, linkId: entry.link_id || undefined, source: 'net'}];
	});
	const dissectors = net.flow_dissector.map((entry): Draft => ({kind: 'flow_dissector', target: 'network namespace', mode: '', progId: entry.id, netns, source: 'net'}));
	const netfilter = net.netfilter.map((entry): Draft => ({kind: 'netfilter', target: netfilterTarget(entry), mode: `prio ${entry.prio}`, progId: entry.id, netns, source: 'net'}));
	return [...xdp, ...tc, ...dissectors, ...netfilter];
}

function fromCgroupTree({cgroups}: AttachmentSources): Draft[] {
	return cgroups.flatMap(({cgroup, programs}) =>
		programs.map((program): Draft => ({
			kind: 'cgroup',
			target: cgroup,
			mode: [String(program.attach_type), program.attach_flags].filter(Boolean).join(' '),
			progId: program.id,
			progName: program.name,
			source: 'cgroup',
		})),
	);
}

function fromPerfShow({perf}: AttachmentSources): Draft[] {
	return perf.map((entry): Draft => {
		const where = entry.func ?? entry.tracepoint ?? (entry.filename === undefined ? '' : `${entry.filename}+0x${(entry.offset ?? 0).toString(16)}`);
		return {kind: entry.fd_type, target: where || '?', mode: entry.fd_type, progId: entry.prog_id, holders: [{pid: entry.pid, comm: entry.comm ?? ''}], source: 'perf'};
	});
}

const protocolFamilies: Record<number, string> = {2: 'ipv4', 10: 'ipv6'};
const ipv4Hooks = ['prerouting', 'input', 'forward', 'output', 'postrouting'];

function netfilterTarget(entry: {pf?: number; hook?: number}): string {
	const family = protocolFamilies[entry.pf ?? -1] ?? `pf ${entry.pf}`;
	return `${family} ${ipv4Hooks[entry.hook ?? -1] ?? `hook ${entry.hook}`}`;
}

/** Whether `link` is the attachment another source already shows. */
function sameAttachment(draft: Draft, link: Link): boolean {
	if (draft.progId !== link.prog_id) return false;
	if (link.ifindex !== undefined && draft.ifindex !== undefined && link.ifindex !== draft.ifindex) return false;
	switch (link.type) {
		case 'xdp':
			return draft.kind === 'xdp';
		case 'tcx':
		case 'netkit':
			return draft.kind === link.type;
		case 'cgroup':
			return draft.kind === 'cgroup' && (link.attach_type === undefined || draft.mode.startsWith(String(link.attach_type)));
		case 'netns':
			return draft.kind === 'flow_dissector' && link.attach_type !== 'sk_lookup';
		case 'netfilter':
			return draft.kind === 'netfilter';
		default:
			return false;
	}
}

/** A perf-event or raw tracepoint link and the perf show entry of the same program and event. */
function samePerfEvent(draft: Draft, link: Link): boolean {
	if (draft.source !== 'perf' || draft.progId !== link.prog_id) return false;
	if (link.type !== 'perf_event' && link.type !== 'raw_tracepoint') return false;
	// Where the link names its event (newer kernels), it must be this one.
	const event = link.func ?? link.tracepoint ?? link.tp_name;
	return event === undefined || draft.target === event;
}

/** Holders of both, once per process; a name from either side wins over none (perf show has only pids). */
function mergeHolders(a: readonly Holder[] = [], b: readonly Holder[] = []): readonly Holder[] {
	const named = (holder: Holder) => (holder.comm === '' ? (b.find(other => other.pid === holder.pid && other.comm !== '') ?? holder) : holder);
	return [...a.map(named), ...b.filter(holder => !a.some(known => known.pid === holder.pid))];
}

function fromLink(link: Link): Draft {
	const base = {progId: link.prog_id, linkId: link.id, source: 'link' as const, holders: link.pids ?? []};
	const attachType = link.attach_type === undefined ? '' : String(link.attach_type);
	const dev = link.ifindex === undefined ? undefined : device(link.devname ?? '', link.ifindex);
	switch (link.type) {
		case 'xdp':
		case 'tcx':
		case 'netkit':
			// Not in this namespace's net show: another namespace's device (bpftool 7.1 does not even say which).
			return {...base, kind: link.type, target: dev?.target ?? '(other namespace)', devname: dev?.devname, ifindex: dev?.ifindex, mode: attachType.replace(/^(tcx|netkit)_/, '')};
		case 'cgroup':
			return {...base, kind: 'cgroup', target: link.cgroup_id === undefined ? '?' : `cgroup id ${link.cgroup_id}`, mode: attachType};
		case 'raw_tracepoint':
			return {...base, kind: 'raw_tracepoint', target: link.tp_name ?? '?', mode: 'raw_tp'};
		case 'tracing':
			return {...base, kind: 'tracing', target: link.target_name ?? '(BTF target)', mode: attachType};
		case 'kprobe_multi':
		case 'uprobe_multi': {
			const names = (link.funcs ?? []).map(func => func.func ?? `+0x${(func.offset ?? 0).toString(16)}`);
			const where = link.type === 'uprobe_multi' ? `${link.path ?? '?'} ` : '';
			const list = names.length === 0 ? '?' : names.length === 1 ? names[0]! : `${names[0]} +${names.length - 1} more`;
			return {...base, kind: link.type, target: where + list, mode: `${link.type.slice(0, 6)}${link.retprobe ? ' (return)' : ''}`};
		}

		case 'perf_event':
			return {...base, kind: 'perf_event', target: link.func ?? link.file ?? link.tracepoint ?? '?', mode: link.retprobe ? 'return probe' : ''};
		case 'netns':
			return {...base, kind: attachType || 'netns', target: link.netns_ino === undefined ? 'network namespace' : `netns ino ${link.netns_ino}`, mode: ''};
		case 'netfilter':
			return {...base, kind: 'netfilter', target: netfilterTarget(link), mode: link.prio === undefined ? '' : `prio ${link.prio}`};
		case 'iter':
			return {...base, kind: 'iter', target: link.target_name ?? '?', mode: ''};
		case 'struct_ops':
		case 'sockmap':
			return {...base, kind: String(link.type), target: link.map_id === undefined ? '?' : `map id ${link.map_id}`, mode: attachType};
		default:
			return {...base, kind: String(link.type), target: '?', mode: attachType};
	}
}
