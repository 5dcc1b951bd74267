// Where a program is attached, and what bpftool's net/link views say about it.

export type Attachment =
	| {readonly kind: 'xdp'; readonly ifname: string; readonly ifindex: number; readonly mode: 'generic' | 'driver' | 'offload'}
	| {readonly kind: 'tc'; readonly ifname: string; readonly ifindex: number; readonly direction: 'ingress' | 'egress'}
	| {readonly kind: 'cgroup'; readonly path: string; readonly cgroupId: number; readonly direction: 'ingress' | 'egress'}
	| {readonly kind: 'kprobe'; readonly func: string}
	| {readonly kind: 'tracepoint'; readonly category: string; readonly name: string}
	| {readonly kind: 'raw_tracepoint'; readonly name: string}
	| {readonly kind: 'socket'; readonly comm: string};

export type AttachOptions = {
	readonly at: Attachment;
	/** Mean events per second that reach the program. */
	readonly rate: number;
	/** Attached through a bpf_link (shown by `link show`) rather than netlink or a plain fd. */
	readonly link?: boolean;
};

/** An attachment a loaded program holds. */
export type LiveAttachment = AttachOptions & {readonly programId: number; readonly linkId?: number};
