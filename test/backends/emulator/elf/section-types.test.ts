// Section names to program types, as libbpf's find_sec_def matches them.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {programTypeForSection} from '../../../../source/backends/emulator/elf/section-types.js';

test('maps section names to bpftool program types', () => {
	const cases: Array<[string, string | undefined]> = [
		['xdp', 'xdp'],
		['xdp.frags', 'xdp'],
		['xdp/devmap', 'xdp'],
		['tc', 'sched_cls'],
		['classifier', 'sched_cls'],
		['tcx/ingress', 'sched_cls'],
		['tc/egress', 'sched_cls'],
		['action', 'sched_act'],
		['raw_tp/sys_enter', 'raw_tracepoint'],
		['raw_tracepoint/sched_switch', 'raw_tracepoint'],
		['raw_tp.w/x', 'raw_tracepoint_writable'],
		['tracepoint/syscalls/sys_enter_execve', 'tracepoint'],
		['tp/sched/sched_switch', 'tracepoint'],
		['kprobe/do_sys_openat2', 'kprobe'],
		['kretprobe/do_sys_openat2', 'kprobe'],
		['uprobe', 'kprobe'],
		['uprobe//bin/bash:readline', 'kprobe'],
		['ksyscall/execve', 'kprobe'],
		['fentry/do_unlinkat', 'tracing'],
		['fexit/do_unlinkat', 'tracing'],
		['tp_btf/sched_switch', 'tracing'],
		['iter/task', 'tracing'],
		['freplace/x', 'ext'],
		['cgroup_skb/ingress', 'cgroup_skb'],
		['cgroup_skb/egress', 'cgroup_skb'],
		['cgroup/skb', 'cgroup_skb'],
		['cgroup/sock_create', 'cgroup_sock'],
		['cgroup/connect4', 'cgroup_sock_addr'],
		['cgroup/sysctl', 'cgroup_sysctl'],
		['cgroup/dev', 'cgroup_device'],
		['socket', 'socket_filter'],
		['sk_msg', 'sk_msg'],
		['sk_skb/stream_verdict', 'sk_skb'],
		['sockops', 'sock_ops'],
		['lsm/file_open', 'lsm'],
		['lsm.s/file_open', 'lsm'],
		['perf_event', 'perf_event'],
		['struct_ops/dctcp_init', 'struct_ops'],
		['flow_dissector', 'flow_dissector'],
		['syscall', 'syscall'],
		['netfilter', 'netfilter'],
		// Not libbpf sections: 'kprobe+' needs a '/' separator, exact names must be exact.
		['kprobex', undefined],
		['xdp_prog', undefined],
		['socket1', undefined],
		['.text', undefined],
		['bogus/thing', undefined],
	];
	for (const [section, type] of cases) assert.equal(programTypeForSection(section), type, section);
});
