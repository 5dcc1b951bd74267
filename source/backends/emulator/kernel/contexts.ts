// What a program gets in r1 for each attachment: the context struct's bytes (laid out as the UAPI
// struct the program reads, since the emulator does not rewrite context accesses), pointer fields
// such as xdp_md.data, the packet, and the task that is current. Events are written into buffers
// the kernel reuses for every run, so a run allocates next to nothing.
import type {Prng} from '../prng.js';
import type {Attachment} from './attachments.js';
import {ETH_P_IP, makePacket, MAX_FRAME} from './packets.js';
import {pickSoftirqTask, pickTask, type Task} from './tasks.js';
import {btfTracepointEvent, functionEvent, kprobeEvent, perfEventData, tracepointEvent, type World} from './tracing-events.js';

export type EventBuffers = {
	readonly ctx: Uint8Array;
	readonly ctxView: DataView;
	readonly packet: Uint8Array;
	readonly packetView: DataView;
	readonly aux: Uint8Array;
	readonly auxView: DataView;
};

/** A ctx field that reads as a pointer into the packet or aux buffer; offset 'end' is the packet's end (data_end). */
export type PointerField = {readonly at: number; readonly target: 'packet' | 'aux'; readonly offset: number | 'end'};

export type EventInfo = {
	readonly ctxSize: number;
	readonly packetSize: number;
	readonly auxSize: number;
	/** ctx offset → which buffer the field points into, and where. */
	readonly pointers: readonly PointerField[];
	readonly task: Task;
	readonly softirq: boolean;
	/** When the event happened, if not at its arrival (a switch-in placed after its task's wakeup). */
	readonly atNs?: bigint;
};

export function eventBuffers(): EventBuffers {
	const ctx = new Uint8Array(512);
	const packet = new Uint8Array(MAX_FRAME);
	const aux = new Uint8Array(256);
	return {ctx, ctxView: new DataView(ctx.buffer), packet, packetView: new DataView(packet.buffer), aux, auxView: new DataView(aux.buffer)};
}

/** Syscall numbers (x86-64) weighted roughly as a busy server makes them. */
const SYSCALLS = [0, 0, 1, 1, 1, 3, 9, 17, 18, 44, 45, 202, 202, 232, 232, 257, 262, 281, 291, 7, 23, 47, 46];
// The pointer layouts, built once: an event costs no allocation beyond its EventInfo.
const NO_POINTERS: readonly PointerField[] = [];
const XDP_POINTERS: readonly PointerField[] = [{at: 0, target: 'packet', offset: 0}, {at: 4, target: 'packet', offset: 'end'}, {at: 8, target: 'packet', offset: 0}];
const SKB_POINTERS: readonly PointerField[] = [{at: 76, target: 'packet', offset: 0}, {at: 80, target: 'packet', offset: 'end'}];
/** cgroup_skb sees the packet from the network header on. */
const CGROUP_SKB_POINTERS: readonly PointerField[] = [{at: 76, target: 'packet', offset: 14}, {at: 80, target: 'packet', offset: 'end'}];
const RAW_TP_POINTERS: readonly PointerField[] = [{at: 0, target: 'aux', offset: 0}];

/**
 * Where makeEvent writes an event's figures. The catch-up passes one it keeps and rewrites for
 * every arrival (the run reads it before the next event is made): an EventInfo object per run was
 * ~90 bytes, a tenth of what the emulator allocated per refresh.
 */
export type EventSlot = {
	ctxSize: number;
	packetSize: number;
	auxSize: number;
	pointers: readonly PointerField[];
	task: Task;
	softirq: boolean;
	atNs: bigint | undefined;
};

/** A slot to pass to makeEvent (every field set, in one order: one hidden class). */
export function eventSlot(): EventSlot {
	return {ctxSize: 0, packetSize: 0, auxSize: 0, pointers: NO_POINTERS, task: IDLE_TASK, softirq: false, atNs: undefined};
}

/** The placeholder task of an unfilled slot. */
const IDLE_TASK: Task = {comm: '<idle>', pid: 0, tgid: 0, uid: 0};

function fill(out: EventSlot, ctxSize: number, packetSize: number, auxSize: number, pointers: readonly PointerField[], task: Task, softirq: boolean, atNs: bigint | undefined): EventSlot {
	out.ctxSize = ctxSize;
	out.packetSize = packetSize;
	out.auxSize = auxSize;
	out.pointers = pointers;
	out.task = task;
	out.softirq = softirq;
	out.atNs = atNs;
	return out;
}

const traced = (out: EventSlot, made: {ctxSize: number; task: Task; atNs?: bigint}): EventInfo => fill(out, made.ctxSize, 0, 0, NO_POINTERS, made.task, false, made.atNs);

/**
 * `world`: the loaded object's kernel memory and run queue (tracing programs read through them).
 * The event is written into `out` (a new slot unless given) and returned.
 */
export function makeEvent(at: Attachment, prng: Prng, b: EventBuffers, world?: World, out: EventSlot = eventSlot()): EventInfo {
	switch (at.kind) {
		case 'xdp': {
			const length = makePacket(prng, b.packet, b.packetView);
			b.ctx.fill(0, 0, 24);
			b.ctxView.setUint32(12, at.ifindex, true);
			b.ctxView.setUint32(16, prng.int(0, 3), true);
			return fill(out, 24, length, 0, XDP_POINTERS, pickSoftirqTask(prng), true, undefined);
		}

		case 'tc':
		case 'cgroup':
		case 'socket': {
			const egress = 'direction' in at && at.direction === 'egress';
			const length = makePacket(prng, b.packet, b.packetView, egress);
			const start = at.kind === 'cgroup' ? 14 : 0;
			writeSkb(b, length - start, at.kind === 'tc' ? at.ifindex : 2);
			const softirq = at.kind === 'tc' && !egress;
			return fill(out, 192, length, 0, at.kind === 'cgroup' ? CGROUP_SKB_POINTERS : SKB_POINTERS, softirq ? pickSoftirqTask(prng) : pickTask(prng), softirq, undefined);
		}

		case 'tracing':
			if (!world) return fill(out, 64, 0, 0, NO_POINTERS, pickTask(prng), false, undefined);
			if (at.attachType === 'trace_raw_tp') return traced(out, btfTracepointEvent(at.target, prng, b, world));
			return traced(out, functionEvent(at.attachType.startsWith('lsm') ? `bpf_lsm_${at.target}` : at.target, at.attachType === 'trace_fexit', prng, b, world));
		case 'perf_event':
			return traced(out, perfEventData(prng, b));
		case 'raw_tracepoint': {
			if (world && at.name !== 'sys_enter' && at.name !== 'sys_exit') return traced(out, btfTracepointEvent(at.name, prng, b, world));
			// struct bpf_raw_tracepoint_args for sys_enter: args[0] = struct pt_regs *, args[1] = id.
			const nr = prng.pick(SYSCALLS);
			b.ctx.fill(0, 0, 16);
			setI64(b.ctxView, 8, nr);
			b.aux.fill(0, 0, 168);
			setI64(b.auxView, 120, nr);
			return fill(out, 16, 0, 168, RAW_TP_POINTERS, pickTask(prng), false, undefined);
		}

		case 'tracepoint': {
			if (world) return traced(out, tracepointEvent(at.category, at.name, at.ctxStruct, prng, b, world));
			// struct trace_event_raw_sys_enter: common fields (8), long id, unsigned long args[6].
			b.ctx.fill(0, 0, 64);
			setI64(b.ctxView, 8, 257);
			setI64(b.ctxView, 16, prng.int(-100, 20));
			setI64(b.ctxView, 32, prng.int(0, 0o2000000));
			return fill(out, 64, 0, 0, NO_POINTERS, pickTask(prng), false, undefined);
		}

		case 'kprobe': {
			if (world?.kernel) return traced(out, kprobeEvent(at.func, at.retprobe === true, prng, b, world));
			// struct pt_regs: di at 112, si at 104, dx at 96.
			b.ctx.fill(0, 0, 168);
			setI64(b.ctxView, 112, prng.int(3, 200));
			setI64(b.ctxView, 104, prng.int(0, 65_535));
			setI64(b.ctxView, 96, prng.int(1, 4096));
			return fill(out, 168, 0, 0, NO_POINTERS, pickTask(prng), false, undefined);
		}
	}
}

/** A 32-bit signed value stored as a little-endian 64-bit one (sign-extended), without a BigInt. */
function setI64(view: DataView, at: number, value: number): void {
	view.setUint32(at, value >>> 0, true);
	view.setUint32(at + 4, value < 0 ? 0xffff_ffff : 0, true);
}

/** struct __sk_buff: len 0, pkt_type 4, mark 8, protocol 16, ingress_ifindex 36, ifindex 40, data 76, data_end 80. */
function writeSkb(b: EventBuffers, length: number, ifindex: number): void {
	b.ctx.fill(0, 0, 192);
	b.ctxView.setUint32(0, length, true);
	// protocol holds the big-endian ethertype.
	b.ctxView.setUint16(16, ETH_P_IP, false);
	b.ctxView.setUint32(36, ifindex, true);
	b.ctxView.setUint32(40, ifindex, true);
}
