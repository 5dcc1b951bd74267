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
			// The struct the program reads its context as, from its prototype ("int f(struct X * ctx)").
			const ctxStruct = /\(struct (\w+) \*/.exec(program.funcInfo?.[0]?.proto ?? '')?.[1];
			return {at: {kind: 'tracepoint', category, name, ...(ctxStruct ? {ctxStruct} : {})}, rate, link: true};
		}

		case 'kprobe': {
			const retprobe = /^(kretprobe|uretprobe|kretsyscall)/.test(prefix.replace(/^\?/, ''));
			return {at: {kind: 'kprobe', func: target.slice(target.lastIndexOf(':') + 1) || 'do_sys_openat2', ...(retprobe ? {retprobe} : {})}, rate, link: true};
		}

		case 'tracing':
		case 'lsm': {
			// Iterators run when read and freplace replaces another program: nothing to attach to here.
			const attachType = program.attachType ?? '';
			if (attachType === 'trace_iter' || attachType === '' || program.attachTo === undefined) return undefined;
			return {at: {kind: 'tracing', attachType, target: program.attachTo, ...(program.attachBtfId !== undefined ? {btfId: program.attachBtfId} : {})}, rate, link: true};
		}

		case 'perf_event':
			return {at: {kind: 'perf_event', event: 'cpu-clock'}, rate, link: true};
		case 'socket_filter':
			return {at: {kind: 'socket', comm: 'tcpdump'}, rate};
		default:
			return undefined;
	}
}
