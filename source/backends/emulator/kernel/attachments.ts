// Where a program is attached, and what bpftool's net/link views say about it.

export type Attachment =
	| {readonly kind: 'xdp'; readonly ifname: string; readonly ifindex: number; readonly mode: 'generic' | 'driver' | 'offload'}
	| {readonly kind: 'tc'; readonly ifname: string; readonly ifindex: number; readonly direction: 'ingress' | 'egress'}
	| {readonly kind: 'cgroup'; readonly path: string; readonly cgroupId: number; readonly direction: 'ingress' | 'egress'}
	| {readonly kind: 'kprobe'; readonly func: string; readonly retprobe?: boolean}
	/** `ctxStruct`: the struct the program reads its context as (from its prototype), when known. */
	| {readonly kind: 'tracepoint'; readonly category: string; readonly name: string; readonly ctxStruct?: string}
	| {readonly kind: 'raw_tracepoint'; readonly name: string}
	/** BTF-typed attachments (tp_btf, fentry, fexit, fmod_ret, lsm): `attachType` as bpftool names it. */
	| {readonly kind: 'tracing'; readonly attachType: string; readonly target: string; readonly btfId?: number}
	| {readonly kind: 'perf_event'; readonly event: string}
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
