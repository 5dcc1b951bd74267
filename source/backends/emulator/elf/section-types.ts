// Program type and expected attach type from the ELF section name, matched the way libbpf's
// find_sec_def does, in libbpf's own table order (first match wins). Names are bpftool's
// (libbpf_bpf_prog_type_str, libbpf_bpf_attach_type_str).

/**
 * libbpf's section definitions: 'x+' matches 'x' or 'x/anything', 'x/' matches any 'x/…',
 * anything else matches exactly. In order from libbpf's section_defs: pattern, program type,
 * expected attach type ('' for none), and whether the target is a kernel BTF type (SEC_ATTACH_BTF).
 */
const SECTION_DEFS: ReadonlyArray<readonly [string, string, string?, boolean?]> = [
	['socket', 'socket_filter'],
	['sk_reuseport/migrate', 'sk_reuseport', 'sk_reuseport_select_or_migrate'],
	['sk_reuseport', 'sk_reuseport', 'sk_reuseport_select'],
	['kprobe+', 'kprobe'],
	['uprobe+', 'kprobe'],
	['uprobe.s+', 'kprobe'],
	['kretprobe+', 'kprobe'],
	['uretprobe+', 'kprobe'],
	['uretprobe.s+', 'kprobe'],
	['kprobe.multi+', 'kprobe', 'trace_kprobe_multi'],
	['kretprobe.multi+', 'kprobe', 'trace_kprobe_multi'],
	['kprobe.session+', 'kprobe', 'trace_kprobe_session'],
	['uprobe.multi+', 'kprobe', 'trace_uprobe_multi'],
	['uretprobe.multi+', 'kprobe', 'trace_uprobe_multi'],
	['uprobe.session+', 'kprobe', 'trace_uprobe_session'],
	['uprobe.multi.s+', 'kprobe', 'trace_uprobe_multi'],
	['uretprobe.multi.s+', 'kprobe', 'trace_uprobe_multi'],
	['uprobe.session.s+', 'kprobe', 'trace_uprobe_session'],
	['ksyscall+', 'kprobe'],
	['kretsyscall+', 'kprobe'],
	['usdt+', 'kprobe'],
	['usdt.s+', 'kprobe'],
	['tc/ingress', 'sched_cls', 'tcx_ingress'],
	['tc/egress', 'sched_cls', 'tcx_egress'],
	['tcx/ingress', 'sched_cls', 'tcx_ingress'],
	['tcx/egress', 'sched_cls', 'tcx_egress'],
	['tc', 'sched_cls'],
	['classifier', 'sched_cls'],
	['action', 'sched_act'],
	['netkit/primary', 'sched_cls', 'netkit_primary'],
	['netkit/peer', 'sched_cls', 'netkit_peer'],
	['tracepoint+', 'tracepoint'],
	['tp+', 'tracepoint'],
	['tracepoint.s+', 'tracepoint'],
	['tp.s+', 'tracepoint'],
	['raw_tracepoint+', 'raw_tracepoint'],
	['raw_tp+', 'raw_tracepoint'],
	['raw_tracepoint.s+', 'raw_tracepoint'],
	['raw_tp.s+', 'raw_tracepoint'],
	['raw_tracepoint.w+', 'raw_tracepoint_writable'],
	['raw_tp.w+', 'raw_tracepoint_writable'],
	['tp_btf+', 'tracing', 'trace_raw_tp', true],
	['tp_btf.s+', 'tracing', 'trace_raw_tp', true],
	['fentry+', 'tracing', 'trace_fentry', true],
	['fmod_ret+', 'tracing', 'modify_return', true],
	['fexit+', 'tracing', 'trace_fexit', true],
	['fentry.s+', 'tracing', 'trace_fentry', true],
	['fmod_ret.s+', 'tracing', 'modify_return', true],
	['fexit.s+', 'tracing', 'trace_fexit', true],
	['fsession+', 'tracing', 'trace_fsession', true],
	['fsession.s+', 'tracing', 'trace_fsession', true],
	['fsession.multi+', 'tracing', 'trace_fsession_multi'],
	['fsession.multi.s+', 'tracing', 'trace_fsession_multi'],
	['fentry.multi+', 'tracing', 'trace_fentry_multi'],
	['fexit.multi+', 'tracing', 'trace_fexit_multi'],
	['fentry.multi.s+', 'tracing', 'trace_fentry_multi'],
	['fexit.multi.s+', 'tracing', 'trace_fexit_multi'],
	['freplace+', 'ext', '', true],
	['lsm+', 'lsm', 'lsm_mac', true],
	['lsm.s+', 'lsm', 'lsm_mac', true],
	['lsm_cgroup+', 'lsm', 'lsm_cgroup', true],
	['iter+', 'tracing', 'trace_iter', true],
	['iter.s+', 'tracing', 'trace_iter', true],
	['syscall', 'syscall'],
	['xdp.frags/devmap', 'xdp', 'xdp_devmap'],
	['xdp/devmap', 'xdp', 'xdp_devmap'],
	['xdp.frags/cpumap', 'xdp', 'xdp_cpumap'],
	['xdp/cpumap', 'xdp', 'xdp_cpumap'],
	['xdp.frags', 'xdp', 'xdp'],
	['xdp', 'xdp', 'xdp'],
	['perf_event', 'perf_event'],
	['lwt_in', 'lwt_in'],
	['lwt_out', 'lwt_out'],
	['lwt_xmit', 'lwt_xmit'],
	['lwt_seg6local', 'lwt_seg6local'],
	['sockops', 'sock_ops', 'cgroup_sock_ops'],
	['sk_skb/stream_parser', 'sk_skb', 'sk_skb_stream_parser'],
	['sk_skb/stream_verdict', 'sk_skb', 'sk_skb_stream_verdict'],
	['sk_skb/verdict', 'sk_skb', 'sk_skb_verdict'],
	['sk_skb', 'sk_skb'],
	['sk_msg', 'sk_msg', 'sk_msg_verdict'],
	['lirc_mode2', 'lirc_mode2', 'lirc_mode2'],
	['flow_dissector', 'flow_dissector', 'flow_dissector'],
	['cgroup_skb/ingress', 'cgroup_skb', 'cgroup_inet_ingress'],
	['cgroup_skb/egress', 'cgroup_skb', 'cgroup_inet_egress'],
	['cgroup/skb', 'cgroup_skb'],
	['cgroup/sock_create', 'cgroup_sock', 'cgroup_inet_sock_create'],
	['cgroup/sock_release', 'cgroup_sock', 'cgroup_inet_sock_release'],
	['cgroup/sock', 'cgroup_sock', 'cgroup_inet_sock_create'],
	['cgroup/post_bind4', 'cgroup_sock', 'cgroup_inet4_post_bind'],
	['cgroup/post_bind6', 'cgroup_sock', 'cgroup_inet6_post_bind'],
	['cgroup/bind4', 'cgroup_sock_addr', 'cgroup_inet4_bind'],
	['cgroup/bind6', 'cgroup_sock_addr', 'cgroup_inet6_bind'],
	['cgroup/connect4', 'cgroup_sock_addr', 'cgroup_inet4_connect'],
	['cgroup/connect6', 'cgroup_sock_addr', 'cgroup_inet6_connect'],
	['cgroup/connect_unix', 'cgroup_sock_addr', 'cgroup_unix_connect'],
	['cgroup/sendmsg4', 'cgroup_sock_addr', 'cgroup_udp4_sendmsg'],
	['cgroup/sendmsg6', 'cgroup_sock_addr', 'cgroup_udp6_sendmsg'],
	['cgroup/sendmsg_unix', 'cgroup_sock_addr', 'cgroup_unix_sendmsg'],
	['cgroup/recvmsg4', 'cgroup_sock_addr', 'cgroup_udp4_recvmsg'],
	['cgroup/recvmsg6', 'cgroup_sock_addr', 'cgroup_udp6_recvmsg'],
	['cgroup/recvmsg_unix', 'cgroup_sock_addr', 'cgroup_unix_recvmsg'],
	['cgroup/getpeername4', 'cgroup_sock_addr', 'cgroup_inet4_getpeername'],
	['cgroup/getpeername6', 'cgroup_sock_addr', 'cgroup_inet6_getpeername'],
	['cgroup/getpeername_unix', 'cgroup_sock_addr', 'cgroup_unix_getpeername'],
	['cgroup/getsockname4', 'cgroup_sock_addr', 'cgroup_inet4_getsockname'],
	['cgroup/getsockname6', 'cgroup_sock_addr', 'cgroup_inet6_getsockname'],
	['cgroup/getsockname_unix', 'cgroup_sock_addr', 'cgroup_unix_getsockname'],
	['cgroup/sysctl', 'cgroup_sysctl', 'cgroup_sysctl'],
	['cgroup/getsockopt', 'cgroup_sockopt', 'cgroup_getsockopt'],
	['cgroup/setsockopt', 'cgroup_sockopt', 'cgroup_setsockopt'],
	['cgroup/dev', 'cgroup_device', 'cgroup_device'],
	['struct_ops+', 'struct_ops'],
	['struct_ops.s+', 'struct_ops'],
	['sk_lookup', 'sk_lookup', 'sk_lookup'],
	['netfilter', 'netfilter', 'netfilter'],
];

function matches(pattern: string, section: string): boolean {
	if (pattern.endsWith('/')) return section.startsWith(pattern);
	if (pattern.endsWith('+')) {
		const stem = pattern.slice(0, -1);
		return section === stem || section.startsWith(`${stem}/`);
	}
	return section === pattern;
}

export type SectionDef = {
	/** bpftool's program type name. */
	readonly type: string;
	/** bpftool's name of the expected attach type, when libbpf sets one. */
	readonly attachType?: string;
	/** What follows the section's prefix ('sched_switch' in 'tp_btf/sched_switch'), when anything does. */
	readonly target?: string;
	/** The target is a kernel BTF type libbpf must find (tp_btf, fentry, fexit, fmod_ret, lsm, iter, freplace). */
	readonly btfTarget: boolean;
};

/** What libbpf makes of a program in this section ('?' marks a program not loaded by default), or undefined when it would not know it. */
export function sectionDef(section: string): SectionDef | undefined {
	const name = section.startsWith('?') ? section.slice(1) : section;
	const found = SECTION_DEFS.find(([pattern]) => matches(pattern, name));
	if (!found) return undefined;
	const [pattern, type, attachType, btfTarget] = found;
	const stem = pattern.replace(/[+/]$/, '');
	const target = name.length > stem.length + 1 && name[stem.length] === '/' ? name.slice(stem.length + 1) : undefined;
	return {type, ...(attachType ? {attachType} : {}), ...(target !== undefined ? {target} : {}), btfTarget: btfTarget === true};
}

/** bpftool's type name for a program in this section, or undefined when libbpf would not know it. */
export function programTypeForSection(section: string): string | undefined {
	return sectionDef(section)?.type;
}
