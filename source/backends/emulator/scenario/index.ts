// The default system a new user sees: the book's two `hello` programs, and around them a believable
// server (traffic counters, a connection tracker, a cgroup filter, an opensnoop, an unlink watcher,
// a bpftrace one-liner counting opens per process with a histogram of their flags),
// all real bytecode attached to simulated event sources. Deterministic for a seed.
import type {EmulatorKernel} from '../kernel.js';
import type {BpfObjectSpec} from '../object.js';
import {bpftraceObject, bpftraceScript} from './bpftrace.js';
import {helloFuncObject, helloObject} from './hello.js';
import {cgfilterObject, netmonObject} from './network.js';
import {opensnoopObject, unlinkwatchObject} from './tracing.js';

export type ScenarioOptions = {
	/**
	 * Grow the system to about this many programs by adding replicas (containers with their own
	 * veth interfaces and cgroups) at lower rates — for benchmarks. Default: the base 8 programs.
	 */
	readonly programs?: number;
};

export const NIC = {ifname: 'enp5s0', ifindex: 2} as const;

/** Loads the scenario into a kernel; returns the names of the objects loaded. */
export function loadScenario(kernel: EmulatorKernel, options: ScenarioOptions = {}): string[] {
	const loaded: string[] = [];
	const load = (spec: BpfObjectSpec, run: () => void) => {
		run();
		loaded.push(spec.name);
	};

	load(netmonObject(), () => kernel.loadObject(netmonObject(), {
		owner: {pid: 1290, comm: 'netmon'},
		loadedAgoSeconds: 86_000,
		attach: {
			tc_ingress: {at: {kind: 'tc', ...NIC, direction: 'ingress'}, rate: 40},
			tc_egress: {at: {kind: 'tc', ...NIC, direction: 'egress'}, rate: 30},
			conntrack: {at: {kind: 'tc', ...NIC, direction: 'ingress'}, rate: 40},
		},
	}));
	load(cgfilterObject(), () => kernel.loadObject(cgfilterObject(), {
		owner: {pid: 1, comm: 'systemd'},
		loadedAgoSeconds: 86_300,
		attach: {cg_ingress: {at: {kind: 'cgroup', path: '/sys/fs/cgroup/system.slice/nginx.service', cgroupId: 7423, direction: 'ingress'}, rate: 20, link: true}},
	}));
	load(opensnoopObject(), () => kernel.loadObject(opensnoopObject(), {
		owner: {pid: 2750, comm: 'opensnoop'},
		loadedAgoSeconds: 3_600,
		attach: {trace_openat: {at: {kind: 'tracepoint', category: 'syscalls', name: 'sys_enter_openat'}, rate: 20, link: true}},
	}));
	load(unlinkwatchObject(), () => kernel.loadObject(unlinkwatchObject(), {
		owner: {pid: 2811, comm: 'unlinkwatch'},
		loadedAgoSeconds: 3_000,
		attach: {kprobe_unlink: {at: {kind: 'kprobe', func: 'do_unlinkat'}, rate: 4, link: true}},
	}));
	load(bpftraceObject(), () => kernel.loadObject(bpftraceObject(), {
		owner: {pid: 4388, comm: 'bpftrace', args: ['bpftrace', '-e', bpftraceScript]},
		loadedAgoSeconds: 600,
		attach: {sys_enter_opena: {at: {kind: 'tracepoint', category: 'syscalls', name: 'sys_enter_openat'}, rate: 30}},
	}));
	// The book's examples, loaded last, as a reader would: hello.py keeps them open.
	load(helloObject, () => kernel.loadObject(helloObject, {
		owner: {pid: 3383, comm: 'python3'},
		loadedAgoSeconds: 120,
		attach: {hello: {at: {kind: 'xdp', ...NIC, mode: 'generic'}, rate: 8}},
	}));
	load(helloFuncObject, () => kernel.loadObject(helloFuncObject, {
		owner: {pid: 3391, comm: 'python3'},
		loadedAgoSeconds: 60,
		attach: {hello: {at: {kind: 'raw_tracepoint', name: 'sys_enter'}, rate: 15, link: true}},
	}));

	// Replicas: one container per round, each with 5 programs, quieter than the host's own.
	const target = options.programs ?? 0;
	let count = 8;
	for (let k = 1; count < target; k++) {
		const suffix = `_${k}`;
		const veth = {ifname: `veth${(0x3a00 + k * 37).toString(16)}`, ifindex: 10 + k};
		// Joined, not a template: a template's result is kept as a rope of its pieces (~0.2 KB a path).
		const cgroup = ['/sys/fs/cgroup/system.slice/docker-', (k * 2_654_435_761 >>> 0).toString(16).padStart(8, '0'), '.scope'].join('');
		// 64 flows each: at 200 replicas that is ~13,000 entries, full within a minute; 512 each
		// grew the monitor past 190 MB over minutes (bench/profile.md, Memory).
		const net = netmonObject(suffix, 64);
		load(net, () => kernel.loadObject(net, {
			owner: {pid: 5000 + k, comm: 'netmon'},
			loadedAgoSeconds: 1_000 + k,
			attach: {
				[`tc_ingress${suffix}`]: {at: {kind: 'tc', ...veth, direction: 'ingress'}, rate: 5},
				[`tc_egress${suffix}`]: {at: {kind: 'tc', ...veth, direction: 'egress'}, rate: 4},
				[`conntrack${suffix}`]: {at: {kind: 'tc', ...veth, direction: 'ingress'}, rate: 5},
			},
		}));
		const cg = cgfilterObject(suffix);
		load(cg, () => kernel.loadObject(cg, {
			owner: {pid: 1, comm: 'systemd'},
			loadedAgoSeconds: 1_000 + k,
			attach: {[`cg_ingress${suffix}`]: {at: {kind: 'cgroup', path: cgroup, cgroupId: 9000 + k, direction: 'ingress'}, rate: 3, link: true}},
		}));
		const unlink = unlinkwatchObject(suffix);
		load(unlink, () => kernel.loadObject(unlink, {
			owner: {pid: 6000 + k, comm: 'unlinkwatch'},
			loadedAgoSeconds: 900 + k,
			attach: {[`kprobe_unlink${suffix}`]: {at: {kind: 'kprobe', func: 'do_unlinkat'}, rate: 1, link: true}},
		}));
		count += 5;
	}

	return loaded;
}
