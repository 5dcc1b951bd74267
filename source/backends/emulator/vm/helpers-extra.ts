// Helpers that real programs often call and that the emulator can only approximate: reads of
// kernel or user memory (copied when the address is emulated memory, zeroes otherwise — there is
// no kernel to read), perf event output (accepted and dropped), current task and uid/gid.
import {mapFromPointer, type Helper, type HelperHost} from './helpers.js';
import {VmFault} from './memory.js';
import {low32, type U64} from './u64.js';

/** What bpf_get_current_task returns when no task_struct is modelled: an address no emulated object lives at. */
const FAKE_TASK = 0xffff_8880_0000_0000n;
const EFAULT = 14;

/** The readable part of [src, src + length): a string read stops where its region ends. */
function readable(host: HelperHost, src: U64, length: number, asString: boolean): Uint8Array | undefined {
	try {
		return host.memory.readBytes(src, length);
	} catch (error) {
		if (!(error instanceof VmFault)) throw error;
		if (!asString) return undefined;
		try {
			// A string may lie at the end of its region: read up to the region's end.
			const {region, offset} = host.memory.resolve(src, 1);
			return host.memory.readBytes(src, Math.min(length, region.size - offset));
		} catch {
			return undefined;
		}
	}
}

function probeRead(host: HelperHost, dst: U64, size: U64, src: U64, asString: boolean): U64 {
	const length = low32(size);
	const read = readable(host, src, length, asString);
	if (read === undefined) {
		// A faulting read zeroes the destination and fails, as the kernel's does.
		host.memory.writeBytes(dst, new Uint8Array(length));
		return -EFAULT;
	}

	const data = new Uint8Array(length);
	data.set(read.subarray(0, length));
	if (asString) {
		const end = data.indexOf(0);
		const used = end === -1 ? length : end + 1;
		const out = new Uint8Array(length);
		out.set(data.subarray(0, used));
		if (length > 0) out[Math.min(used, length) - 1] = 0;
		host.memory.writeBytes(dst, out);
		return length === 0 ? 0 : Math.min(used, length);
	}

	host.memory.writeBytes(dst, data);
	return 0;
}

export const EXTRA_HELPERS: readonly Helper[] = [
	{id: 4, name: 'bpf_probe_read', costNs: 30, call: (host, args) => probeRead(host, args[1], args[2], args[3], false)},
	{id: 112, name: 'bpf_probe_read_user', costNs: 30, call: (host, args) => probeRead(host, args[1], args[2], args[3], false)},
	{id: 113, name: 'bpf_probe_read_kernel', costNs: 25, call: (host, args) => probeRead(host, args[1], args[2], args[3], false)},
	{id: 114, name: 'bpf_probe_read_user_str', costNs: 40, call: (host, args) => probeRead(host, args[1], args[2], args[3], true)},
	{id: 115, name: 'bpf_probe_read_kernel_str', costNs: 35, call: (host, args) => probeRead(host, args[1], args[2], args[3], true)},
	{id: 15, name: 'bpf_get_current_uid_gid', costNs: 8, call: host => host.task.uid * 4_294_967_296 + host.task.uid},
	{id: 25, name: 'bpf_perf_event_output', costNs: 120, call(host, args) {
		host.memory.readBytes(args[4], low32(args[5]));
		return 0;
	}},
	{id: 35, name: 'bpf_get_current_task', costNs: 6, call: host => (host.task.address === 0 ? FAKE_TASK : host.task.address)},
	{id: 158, name: 'bpf_get_current_task_btf', costNs: 6, call: host => (host.task.address === 0 ? FAKE_TASK : host.task.address)},
	// The simulated machine has one cgroup hierarchy and every process is under the one a tool asks about.
	{id: 37, name: 'bpf_current_task_under_cgroup', costNs: 20, call: () => 1},
	{id: 80, name: 'bpf_get_current_cgroup_id', costNs: 10, call: host => (host.task.pid === 0 ? 1 : 4021)},
	{id: 67, name: 'bpf_get_stack', costNs: 400, call: (host, args) => fakeStack(host, args[2], args[3], args[4])},
	{id: 27, name: 'bpf_get_stackid', costNs: 300, call: (host, args) => stackId(host, args[2], args[3])},
	{id: 42, name: 'bpf_get_numa_node_id', costNs: 4, call: () => 0},
	{id: 23, name: 'bpf_redirect', costNs: 30, call: () => 7},
];

/** A plausible kernel stack: return addresses in kernel text, as many as fit (bpf_get_stack returns bytes written). */
function fakeStack(host: HelperHost, buf: U64, size: U64, flags: U64): U64 {
	const length = low32(size);
	const frames = Math.min(Math.floor(length / 8), 4 + (host.task.pid % 5));
	const out = new Uint8Array(length);
	const view = new DataView(out.buffer);
	const user = (low32(flags) & 0x100) !== 0; // BPF_F_USER_STACK
	for (let i = 0; i < frames; i++) view.setBigUint64(i * 8, (user ? 0x5555_5555_0000n : 0xffff_ffff_8100_0000n) + BigInt((host.task.pid * 7919 + i * 104_729) % 0xff_ffff) * 16n, true);
	host.memory.writeBytes(buf, out);
	return frames * 8;
}

/** bpf_get_stackid: a stack id per (task, flags), the stack stored in the stack_trace map. */
function stackId(host: HelperHost, mapPointer: U64, flags: U64): U64 {
	const map = mapFromPointer(host.memory, mapPointer);
	const id = (host.task.pid * 31 + (low32(flags) & 0xff)) % Math.max(1, map.spec.maxEntries);
	const key = new Uint8Array(4);
	new DataView(key.buffer).setUint32(0, id, true);
	const value = new Uint8Array(map.spec.valueSize);
	const view = new DataView(value.buffer);
	for (let i = 0; i < Math.min(6, Math.floor(value.length / 8)); i++) view.setBigUint64(i * 8, 0xffff_ffff_8100_0000n + BigInt((host.task.pid * 7919 + i * 104_729) % 0xff_ffff) * 16n, true);
	map.update(key, value, 0);
	return id;
}
