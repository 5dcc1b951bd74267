// Helpers that real programs often call and that the emulator can only approximate: reads of
// kernel or user memory (copied when the address is emulated memory, zeroes otherwise — there is
// no kernel to read), perf event output (accepted and dropped), current task and uid/gid.
import type {Helper, HelperHost} from './helpers.js';
import {VmFault} from './memory.js';
import {low32, type U64} from './u64.js';

/** What bpf_get_current_task returns: an address no emulated object lives at. */
const FAKE_TASK = 0xffff_8880_0000_0000n;

function probeRead(host: HelperHost, dst: U64, size: U64, src: U64, asString: boolean): U64 {
	const length = low32(size);
	let data: Uint8Array;
	try {
		data = host.memory.readBytes(src, length);
	} catch (error) {
		if (!(error instanceof VmFault)) throw error;
		data = new Uint8Array(length);
	}

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
	{id: 15, name: 'bpf_get_current_uid_gid', costNs: 8, call: host => (host.task.pid === 0 ? 0 : 1000 * 4_294_967_296 + 1000)},
	{id: 25, name: 'bpf_perf_event_output', costNs: 120, call(host, args) {
		host.memory.readBytes(args[4], low32(args[5]));
		return 0;
	}},
	{id: 35, name: 'bpf_get_current_task', costNs: 6, call: () => FAKE_TASK},
	{id: 42, name: 'bpf_get_numa_node_id', costNs: 4, call: () => 0},
	{id: 23, name: 'bpf_redirect', costNs: 30, call: () => 7},
];
