// BPF helper functions the emulator implements. Each gets r1–r5 and the host (memory, the task the
// run belongs to, the trace buffer) and returns r0. A bad pointer throws VmFault and ends the run.
import {ERRNO, type EmuMap} from '../maps/map.js';
import {RingBufMap} from '../maps/ringbuf.js';
import type {Prng} from '../prng.js';
import {Memory, VmFault} from './memory.js';
import {formatPrintk, traceLines} from './printk.js';
import {EXTRA_HELPERS} from './helpers-extra.js';
import {HELPER_NAME_LIST} from './helper-names.js';
import type {HelperArgs} from './interpreter.js';
import {fromBig, low32, toBig, type U64} from './u64.js';

export type RunTask = {
	cpu: number;
	pid: number;
	tgid: number;
	comm: string;
	/** trace_pipe's irq/preempt flags column, e.g. '..s21' in softirq context. */
	flags: string;
	nowNs: bigint;
	bootNs: bigint;
	/** fromBig(nowNs), made without a BigInt where it can be (the kernel's task has it). */
	nowU64?(): U64;
	/** The address of the task's task_struct in emulated kernel memory (0: none is modelled). */
	address: number;
	uid: number;
};

export type HelperHost = {
	readonly memory: Memory;
	readonly task: RunTask;
	readonly prng: Prng;
	trace(lines: readonly string[]): void;
};

type Args = HelperArgs;

export type Helper = {
	readonly id: number;
	readonly name: string;
	/** Simulated cost in ns, added to run_time_ns. */
	readonly costNs: number;
	/** r0; a negative number is an errno (the interpreter wraps it to 64 bits). */
	readonly call: (host: HelperHost, args: Args) => U64;
};

const neg = (errno: number) => -errno;

export function mapFromPointer(memory: Memory, pointer: U64): EmuMap {
	const region = memory.regionAt(pointer);
	if (region === undefined || region.kind !== 'map') throw new VmFault('helper expected a map pointer');
	return region.owner as EmuMap;
}

// Arguments are read by index (args[1] is r1): destructuring the register file went through the
// array iterator on every call.
const helperList: Helper[] = [
	{id: 1, name: 'bpf_map_lookup_elem', costNs: 18, call(host, args) {
		const memory = host.memory;
		const map = mapFromPointer(memory, args[1]);
		// The key is read where it lies: no view or copy per lookup.
		const bytes = memory.at(args[2], map.spec.keySize);
		const region = map.lookupAt(bytes, memory.lastOffset, host.task.cpu);
		return region === undefined ? 0 : Memory.address(region);
	}},
	{id: 2, name: 'bpf_map_update_elem', costNs: 60, call(host, args) {
		const memory = host.memory;
		const map = mapFromPointer(memory, args[1]);
		if (map.frozen) return neg(ERRNO.EPERM);
		if (map.updateAt !== undefined) {
			// Where key and value lie, checked in the same order as the views below: no view per call.
			const keyBytes = memory.at(args[2], map.spec.keySize);
			const keyOffset = memory.lastOffset;
			const valueBytes = memory.at(args[3], map.spec.valueSize);
			return map.updateAt(keyBytes, keyOffset, valueBytes, memory.lastOffset, low32(args[4]) & 0xff, host.task.cpu);
		}

		// Views, not copies: maps copy what they keep.
		const key = memory.bytesAt(args[2], map.spec.keySize);
		return map.update(key, memory.bytesAt(args[3], map.spec.valueSize), low32(args[4]) & 0xff, host.task.cpu);
	}},
	{id: 3, name: 'bpf_map_delete_elem', costNs: 40, call(host, args) {
		const memory = host.memory;
		const map = mapFromPointer(memory, args[1]);
		if (map.deleteAt !== undefined) {
			const bytes = memory.at(args[2], map.spec.keySize);
			return map.deleteAt(bytes, memory.lastOffset);
		}

		return map.delete(memory.bytesAt(args[2], map.spec.keySize));
	}},
	{id: 5, name: 'bpf_ktime_get_ns', costNs: 12, call: host => host.task.nowU64?.() ?? fromBig(host.task.nowNs)},
	{id: 6, name: 'bpf_trace_printk', costNs: 900, call(host, args) {
		const length = low32(args[2]) & 0xffff;
		if (length === 0) return neg(ERRNO.EINVAL);
		const bytes = host.memory.bytesAt(args[1], length);
		if (bytes[length - 1] !== 0) return neg(ERRNO.EINVAL);
		const fmt = Buffer.from(bytes.subarray(0, bytes.indexOf(0))).toString('latin1');
		const message = formatPrintk(fmt, [toBig(args[3]), toBig(args[4]), toBig(args[5])], host.memory);
		if (message === undefined) return neg(ERRNO.EINVAL);
		host.trace(traceLines(host.task, message));
		// The kernel returns the bytes it wrote: the formatted message.
		return message.length;
	}},
	{id: 7, name: 'bpf_get_prandom_u32', costNs: 8, call: host => host.prng.u32()},
	{id: 8, name: 'bpf_get_smp_processor_id', costNs: 4, call: host => host.task.cpu},
	{id: 14, name: 'bpf_get_current_pid_tgid', costNs: 8, call: host => host.task.tgid * 4_294_967_296 + host.task.pid},
	{id: 16, name: 'bpf_get_current_comm', costNs: 15, call(host, args) {
		const length = low32(args[2]) & 0xffff;
		const out = new Uint8Array(length);
		// trace_pipe shows the idle task as <idle>; its comm is swapper/N.
		const comm = host.task.pid === 0 ? `swapper/${host.task.cpu}` : host.task.comm;
		out.set(Buffer.from(comm.slice(0, Math.max(0, Math.min(15, length - 1))), 'latin1'));
		host.memory.writeBytes(args[1], out);
		return 0;
	}},
	{id: 125, name: 'bpf_ktime_get_boot_ns', costNs: 12, call: host => fromBig(host.task.bootNs)},
	{id: 130, name: 'bpf_ringbuf_output', costNs: 70, call(host, args) {
		const map = ringbuf(host, args[1]);
		host.memory.bytesAt(args[2], low32(args[3]));
		return map.output(low32(args[3]));
	}},
	{id: 131, name: 'bpf_ringbuf_reserve', costNs: 40, call(host, args) {
		const region = ringbuf(host, args[1]).reserve(low32(args[2]));
		return region === undefined ? 0 : Memory.address(region);
	}},
	{id: 132, name: 'bpf_ringbuf_submit', costNs: 30, call: (host, args) => releaseRecord(host, args[1], true)},
	{id: 133, name: 'bpf_ringbuf_discard', costNs: 20, call: (host, args) => releaseRecord(host, args[1], false)},
];

function ringbuf(host: HelperHost, pointer: U64): RingBufMap {
	const map = mapFromPointer(host.memory, pointer);
	if (!(map instanceof RingBufMap)) throw new VmFault('helper expected a ring buffer map');
	return map;
}

function releaseRecord(host: HelperHost, pointer: U64, submit: boolean): U64 {
	const region = host.memory.regionAt(pointer);
	if (region === undefined || region.kind !== 'ringbuf_record' || !(region.owner instanceof RingBufMap) || !region.owner.release(region, submit)) {
		throw new VmFault('ringbuf submit/discard of a pointer that is not a reserved record');
	}

	return 0;
}

export const HELPERS: ReadonlyMap<number, Helper> = new Map([...helperList, ...EXTRA_HELPERS].map(helper => [helper.id, helper]));

/** Helper names by id: the ones the emulator runs, and the rest from enum bpf_func_id, so the disassembler can print them. */
export const HELPER_NAMES: ReadonlyMap<number, string> = new Map([
	...HELPER_NAME_LIST.flatMap((name, id) => (name === '' ? [] : [[id, name] as const])),
	...[...helperList, ...EXTRA_HELPERS].map(h => [h.id, h.name] as const),
]);
