// What a program gets in r1 for each attachment: the context struct's bytes (laid out as the UAPI
// struct the program reads, since the emulator does not rewrite context accesses), pointer fields
// such as xdp_md.data, the packet, and the task that is current.
import type {Prng} from '../prng.js';
import type {Attachment} from './attachments.js';
import {ETH_P_IP, makePacket} from './packets.js';
import {pickSoftirqTask, pickTask, type Task} from './tasks.js';

export type EventContext = {
	readonly ctx: Uint8Array;
	/** ctx offset → which buffer the field points into, and where. */
	readonly pointers: ReadonlyArray<{readonly at: number; readonly target: 'packet' | 'aux'; readonly offset: number}>;
	readonly packet?: Uint8Array;
	/** A second buffer a field points at (pt_regs behind raw_tracepoint args[0]). */
	readonly aux?: Uint8Array;
	readonly task: Task;
	readonly softirq: boolean;
};

/** Syscall numbers (x86-64) weighted roughly as a busy server makes them. */
const SYSCALLS = [0, 0, 1, 1, 1, 3, 9, 17, 18, 44, 45, 202, 202, 232, 232, 257, 262, 281, 291, 7, 23, 47, 46];

export function makeEvent(at: Attachment, prng: Prng): EventContext {
	switch (at.kind) {
		case 'xdp': {
			const packet = makePacket(prng).bytes;
			const ctx = new Uint8Array(24);
			const view = new DataView(ctx.buffer);
			view.setUint32(12, at.ifindex, true);
			view.setUint32(16, prng.int(0, 3), true);
			return {
				ctx,
				pointers: [{at: 0, target: 'packet', offset: 0}, {at: 4, target: 'packet', offset: packet.length}, {at: 8, target: 'packet', offset: 0}],
				packet,
				task: pickSoftirqTask(prng),
				softirq: true,
			};
		}

		case 'tc':
		case 'cgroup':
		case 'socket': {
			const egress = 'direction' in at && at.direction === 'egress';
			const frame = makePacket(prng, egress).bytes;
			// cgroup_skb sees the packet from the network header on.
			const packet = at.kind === 'cgroup' ? frame.subarray(14) : frame;
			return {...skbContext(packet, at.kind === 'tc' ? at.ifindex : 2), packet, task: at.kind === 'tc' && !egress ? pickSoftirqTask(prng) : pickTask(prng), softirq: at.kind === 'tc' && !egress};
		}

		case 'raw_tracepoint': {
			const ctx = new Uint8Array(16);
			const regs = new Uint8Array(168);
			const nr = prng.pick(SYSCALLS);
			new DataView(ctx.buffer).setBigUint64(8, BigInt(nr), true);
			new DataView(regs.buffer).setBigUint64(120, BigInt(nr), true);
			return {ctx, pointers: [{at: 0, target: 'aux', offset: 0}], aux: regs, task: pickTask(prng), softirq: false};
		}

		case 'tracepoint': {
			// struct trace_event_raw_sys_enter: common fields (8), long id, unsigned long args[6].
			const ctx = new Uint8Array(64);
			const view = new DataView(ctx.buffer);
			view.setBigUint64(8, 257n, true);
			view.setBigUint64(16, BigInt(prng.int(-100, 20)), true);
			view.setBigUint64(32, BigInt(prng.int(0, 0o2000000)), true);
			return {ctx, pointers: [], task: pickTask(prng), softirq: false};
		}

		case 'kprobe': {
			// struct pt_regs: di at 112, si at 104, dx at 96.
			const ctx = new Uint8Array(168);
			const view = new DataView(ctx.buffer);
			view.setBigUint64(112, BigInt(prng.int(3, 200)), true);
			view.setBigUint64(104, BigInt(prng.int(0, 65_535)), true);
			view.setBigUint64(96, BigInt(prng.int(1, 4096)), true);
			return {ctx, pointers: [], task: pickTask(prng), softirq: false};
		}
	}
}

/** struct __sk_buff: len 0, pkt_type 4, mark 8, protocol 16, ingress_ifindex 36, ifindex 40, data 76, data_end 80. */
function skbContext(packet: Uint8Array, ifindex: number): Pick<EventContext, 'ctx' | 'pointers'> {
	const ctx = new Uint8Array(192);
	const view = new DataView(ctx.buffer);
	view.setUint32(0, packet.length, true);
	// protocol holds the big-endian ethertype.
	view.setUint16(16, ETH_P_IP, false);
	view.setUint32(36, ifindex, true);
	view.setUint32(40, ifindex, true);
	return {ctx, pointers: [{at: 76, target: 'packet', offset: 0}, {at: 80, target: 'packet', offset: packet.length}]};
}
