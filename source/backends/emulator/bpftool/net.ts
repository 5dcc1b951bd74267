// `bpftool -j net show` and `link show`, from the kernel's attachments. bpftool v7.1.0 prints
// xdp, tc and flow_dissector sections only.
import type {EmulatorKernel, Link} from '../kernel.js';
import type {Json} from '../../../btf/format.js';

export function netJson(kernel: EmulatorKernel): Json {
	const xdp: Array<{ifindex: number; json: Json}> = [];
	const tc: Array<{ifindex: number; order: number; json: Json}> = [];
	for (const program of kernel.programs()) {
		for (const a of program.attachments) {
			if (a.at.kind === 'xdp') xdp.push({ifindex: a.at.ifindex, json: {devname: a.at.ifname, ifindex: a.at.ifindex, mode: a.at.mode, id: program.id}});
			if (a.at.kind === 'tc') {
				tc.push({
					ifindex: a.at.ifindex,
					order: a.at.direction === 'ingress' ? 0 : 1,
					json: {devname: a.at.ifname, ifindex: a.at.ifindex, kind: `clsact/${a.at.direction}`, name: `${program.name}:[${program.id}]`, id: program.id},
				});
			}
		}
	}

	xdp.sort((a, b) => a.ifindex - b.ifindex);
	tc.sort((a, b) => a.ifindex - b.ifindex || a.order - b.order);
	return [{xdp: xdp.map(x => x.json), tc: tc.map(t => t.json), flow_dissector: []}];
}

export function linkJson(link: Link): Json {
	const out: {[key: string]: Json} = {id: link.id};
	const at = link.attachment.at;
	switch (at.kind) {
		case 'raw_tracepoint':
			Object.assign(out, {type: 'raw_tracepoint', prog_id: link.programId, tp_name: at.name});
			break;
		case 'cgroup':
			Object.assign(out, {type: 'cgroup', prog_id: link.programId, cgroup_id: at.cgroupId, attach_type: `cgroup_inet_${at.direction}`});
			break;
		case 'xdp':
			Object.assign(out, {type: 'xdp', prog_id: link.programId, ifindex: at.ifindex});
			break;
		// bpftool 7.1 prints only id/type/prog_id for perf_event links; the fields after them are what
		// bpftool ≥7.3 adds, kept because they name what the program is attached to.
		case 'kprobe':
			Object.assign(out, {type: 'perf_event', prog_id: link.programId, retprobe: at.retprobe === true, addr: kprobeAddress(at.func), func: at.func, offset: 0, missed: 0});
			break;
		case 'tracing':
			// tp_btf makes a raw tracepoint link; fentry, fexit, fmod_ret and lsm a tracing link.
			if (at.attachType === 'trace_raw_tp') Object.assign(out, {type: 'raw_tracepoint', prog_id: link.programId, tp_name: at.target});
			else Object.assign(out, {type: 'tracing', prog_id: link.programId, attach_type: at.attachType, target_obj_id: 1, target_btf_id: at.btfId ?? 0, target_name: at.target});
			break;
		case 'perf_event':
			Object.assign(out, {type: 'perf_event', prog_id: link.programId});
			break;
		case 'tracepoint':
			Object.assign(out, {type: 'perf_event', prog_id: link.programId, tracepoint: at.name});
			break;
		default:
			Object.assign(out, {type: 'unspec', prog_id: link.programId});
	}

	if (link.owner !== undefined) out.pids = [{pid: link.owner.pid, comm: link.owner.comm}];
	return out;
}

/** A stable, plausible kernel text address for a function name. */
function kprobeAddress(func: string): number {
	let h = 0;
	for (let i = 0; i < func.length; i++) h = (Math.imul(h, 31) + func.charCodeAt(i)) >>> 0;
	// ffffffff81000000 and up does not fit a double exactly: bpftool prints it as a JSON number,
	// which JSON.parse rounds the same way.
	return 0xffff_ffff_8100_0000 + (h % 0x00ff_0000) * 16;
}

/** `cgroup tree` / `cgroup show PATH`: programs attached to cgroups. */
export function cgroupJson(kernel: EmulatorKernel, path?: string): Json {
	const byPath = new Map<string, Json[]>();
	for (const program of kernel.programs()) {
		for (const a of program.attachments) {
			if (a.at.kind !== 'cgroup') continue;
			const list = byPath.get(a.at.path) ?? [];
			list.push({id: program.id, attach_type: `cgroup_inet_${a.at.direction}`, attach_flags: a.link === true ? 'multi' : '', name: program.name});
			byPath.set(a.at.path, list);
		}
	}

	if (path !== undefined) return byPath.get(path.replace(/\/+$/, '')) ?? [];
	return [...byPath].sort(([a], [b]) => a.localeCompare(b)).map(([cgroup, programs]) => ({cgroup, programs}));
}
