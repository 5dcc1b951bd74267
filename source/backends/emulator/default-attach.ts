// Where a user's object (--load FILE.bpf.o) gets attached in the emulator: from its ELF section,
// as libbpf's auto-attach would, at a modest event rate. Interfaces and cgroups are the
// simulated machine's own (`lo` for XDP/tc, so the scenario's enp5s0 programs stay alone there).
import type {AttachOptions} from './kernel/attachments.js';
import type {ProgramSpec} from './object.js';

export const DEFAULT_RATE = 20;

export function defaultAttachment(program: ProgramSpec, rate = DEFAULT_RATE): AttachOptions | undefined {
	const [prefix = '', ...rest] = program.section.split('/');
	const target = rest.join('/');
	switch (program.type) {
		case 'xdp':
			return {at: {kind: 'xdp', ifname: 'lo', ifindex: 1, mode: 'generic'}, rate};
		case 'sched_cls':
		case 'sched_act':
			return {at: {kind: 'tc', ifname: 'lo', ifindex: 1, direction: prefix.includes('egress') ? 'egress' : 'ingress'}, rate};
		case 'cgroup_skb':
			return {at: {kind: 'cgroup', path: '/sys/fs/cgroup/user.slice', cgroupId: 4021, direction: target === 'egress' ? 'egress' : 'ingress'}, rate, link: true};
		case 'raw_tracepoint':
			return {at: {kind: 'raw_tracepoint', name: target || 'sys_enter'}, rate, link: true};
		case 'tracepoint': {
			const [category = 'syscalls', name = 'sys_enter_openat'] = rest;
			return {at: {kind: 'tracepoint', category, name}, rate, link: true};
		}

		case 'kprobe':
			return {at: {kind: 'kprobe', func: target || 'do_sys_openat2'}, rate, link: true};
		case 'socket_filter':
			return {at: {kind: 'socket', comm: 'tcpdump'}, rate};
		default:
			return undefined;
	}
}
