// `bpftool -j net show` → typed network attachments of one namespace: XDP per interface, tc (classic
// clsact filters and, in newer bpftool, tcx/netkit), flow dissector and netfilter (newer bpftool).
import {z} from 'zod';

const id = z.number().int().nonnegative();
const mode = z.string();

/** One XDP program on a device; with several modes at once bpftool lists them in multi_attachments. */
export const xdpEntrySchema = z.looseObject({
	devname: z.string().default(''),
	ifindex: id,
	mode: mode.optional(),
	id: id.optional(),
	multi_attachments: z.array(z.looseObject({mode, id})).optional(),
});

/**
 * Classic tc filters give `kind` (clsact/ingress, clsact/egress, root or a qdisc kind), `name`, `id`;
 * tcx and netkit give `kind` (tcx/ingress, netkit/primary …), `prog_id` and `link_id`.
 */
export const tcEntrySchema = z.looseObject({
	devname: z.string().default(''),
	ifindex: id,
	kind: z.string(),
	name: z.string().optional(),
	id: id.optional(),
	prog_id: id.optional(),
	link_id: id.optional(),
});

export const netfilterEntrySchema = z.looseObject({
	pf: z.number(),
	hook: z.number(),
	prio: z.number(),
	flags: z.number().optional(),
	id: id,
});

export const netShowSchema = z
	.array(
		z.looseObject({
			xdp: z.array(xdpEntrySchema).default([]),
			tc: z.array(tcEntrySchema).default([]),
			flow_dissector: z.array(z.looseObject({id})).default([]),
			netfilter: z.array(netfilterEntrySchema).default([]),
		}),
	)
	.transform(list => list[0] ?? {xdp: [], tc: [], flow_dissector: [], netfilter: []});

export type NetShow = z.infer<typeof netShowSchema>;
export type XdpEntry = z.infer<typeof xdpEntrySchema>;
export type TcEntry = z.infer<typeof tcEntrySchema>;
export type NetfilterEntry = z.infer<typeof netfilterEntrySchema>;
