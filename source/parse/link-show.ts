// `bpftool -j link show` → typed BPF links. Every link has id, type and prog_id; the rest depends on
// the type and on bpftool's version (7.1 prints little beyond cgroup, tracing and raw tracepoints;
// newer ones add devices, probe functions, netfilter hooks), so everything else is optional.
import {z} from 'zod';

const id = z.number().int().nonnegative();

export const linkSchema = z.looseObject({
	id,
	/** 'xdp', 'tcx', 'netkit', 'cgroup', 'tracing', 'raw_tracepoint', 'kprobe_multi', 'perf_event' …; a number when bpftool has no name. */
	type: z.union([z.string(), z.number()]),
	prog_id: id,
	attach_type: z.union([z.string(), z.number()]).optional(),
	prog_type: z.union([z.string(), z.number()]).optional(),
	devname: z.string().optional(),
	ifindex: id.optional(),
	cgroup_id: z.number().optional(),
	tp_name: z.string().optional(),
	target_name: z.string().optional(),
	netns_ino: z.number().optional(),
	map_id: id.optional(),
	/** Probes (perf_event links): function, file, tracepoint. */
	func: z.string().optional(),
	file: z.string().optional(),
	path: z.string().optional(),
	tracepoint: z.string().optional(),
	retprobe: z.boolean().optional(),
	/** kprobe_multi / uprobe_multi. */
	funcs: z.array(z.looseObject({func: z.string().optional(), offset: z.number().optional()})).optional(),
	/** netfilter. */
	pf: z.number().optional(),
	hook: z.number().optional(),
	prio: z.number().optional(),
	pinned: z.array(z.string()).optional(),
	pids: z.array(z.looseObject({pid: z.number(), comm: z.string()})).optional(),
});

export type Link = z.infer<typeof linkSchema>;

export const linkListSchema = z.array(linkSchema);
