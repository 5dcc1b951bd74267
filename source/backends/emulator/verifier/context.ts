// convert_ctx_accesses for the packet programs: a program reads `struct __sk_buff` or `struct
// xdp_md` (the UAPI view), the kernel rewrites each access to the real `struct sk_buff` or `struct
// xdp_buff` (net/core/filter.c). Offsets come from the kernel's BTF when there is one, else those
// of 6.18 on x86-64. The fields programs read most; others are left as they are.

import {CLASS, MODE, SIZE, JMP} from '../vm/isa.js';
import type {ImageInsn} from './image.js';

/** Offsets in the kernel's structs that the rewrites need. */
export type KernelLayout = {
	readonly skb: {readonly len: number; readonly mark: number; readonly queueMapping: number; readonly protocol: number; readonly vlanTci: number; readonly vlanProto: number; readonly priority: number; readonly skbIif: number; readonly dev: number; readonly hash: number; readonly tcIndex: number; readonly cb: number; readonly data: number; readonly napiId: number; readonly sk: number; readonly pktType: number};
	/** In the control block: qdisc_skb_cb.data, bpf_skb_data_end.data_meta / data_end. */
	readonly cb: {readonly qdiscData: number; readonly dataMeta: number; readonly dataEnd: number};
	readonly xdp: {readonly data: number; readonly dataEnd: number; readonly dataMeta: number; readonly rxq: number; readonly txq: number; readonly rxqDev: number; readonly rxqQueueIndex: number; readonly txqDev: number};
	readonly netDeviceIfindex: number;
};

/** 6.18, x86-64 (measured from its BTF). */
export const DEFAULT_LAYOUT: KernelLayout = {
	skb: {len: 112, mark: 164, queueMapping: 124, protocol: 176, vlanTci: 154, vlanProto: 152, priority: 140, skbIif: 144, dev: 16, hash: 148, tcIndex: 132, cb: 40, data: 200, napiId: 156, sk: 24, pktType: 128},
	cb: {qdiscData: 8, dataMeta: 32, dataEnd: 40},
	xdp: {data: 0, dataEnd: 8, dataMeta: 16, rxq: 32, txq: 40, rxqDev: 0, rxqQueueIndex: 8, txqDev: 0},
	netDeviceIfindex: 224,
};

const SIZE_CODE: Record<number, number> = {1: SIZE.B, 2: SIZE.H, 4: SIZE.W, 8: SIZE.DW};
const ldx = (size: number, dst: number, src: number, off: number): ImageInsn => ({code: CLASS.LDX | MODE.MEM | SIZE_CODE[size]!, dst, src, off, imm: 0});
const stx = (size: number, dst: number, src: number, off: number): ImageInsn => ({code: CLASS.STX | MODE.MEM | SIZE_CODE[size]!, dst, src, off, imm: 0});
const BYTES: Record<number, number> = {[SIZE.B]: 1, [SIZE.H]: 2, [SIZE.W]: 4, [SIZE.DW]: 8};

/** A load of `xdp_md` as the kernel rewrites it. */
function xdpLoad(insn: ImageInsn, l: KernelLayout): ImageInsn[] | undefined {
	const {dst, src} = insn;
	switch (insn.off) {
		case 0: return [ldx(8, dst, src, l.xdp.data)];
		case 4: return [ldx(8, dst, src, l.xdp.dataEnd)];
		case 8: return [ldx(8, dst, src, l.xdp.dataMeta)];
		case 12: return [ldx(8, dst, src, l.xdp.rxq), ldx(8, dst, dst, l.xdp.rxqDev), ldx(4, dst, dst, l.netDeviceIfindex)];
		case 16: return [ldx(8, dst, src, l.xdp.rxq), ldx(4, dst, dst, l.xdp.rxqQueueIndex)];
		case 20: return [ldx(8, dst, src, l.xdp.txq), ldx(8, dst, dst, l.xdp.txqDev), ldx(4, dst, dst, l.netDeviceIfindex)];
		default: return undefined;
	}
}

/** A load of `__sk_buff` as the kernel rewrites it (tc, socket filters, cgroup_skb). */
function skbLoad(insn: ImageInsn, l: KernelLayout, size: number): ImageInsn[] | undefined {
	const {dst, src, off} = insn;
	const s = l.skb;
	if (off >= 48 && off < 68) return [ldx(size, dst, src, s.cb + l.cb.qdiscData + off - 48)];
	switch (off) {
		case 0: return [ldx(4, dst, src, s.len)];
		case 4: return [ldx(1, dst, src, s.pktType), {code: CLASS.ALU | 0x50, dst, src: 0, off: 0, imm: 7}];
		case 8: return [ldx(4, dst, src, s.mark)];
		case 12: return [ldx(2, dst, src, s.queueMapping)];
		case 16: return [ldx(2, dst, src, s.protocol)];
		case 24: return [ldx(2, dst, src, s.vlanTci)];
		case 28: return [ldx(2, dst, src, s.vlanProto)];
		case 32: return [ldx(4, dst, src, s.priority)];
		case 36: return [ldx(4, dst, src, s.skbIif)];
		case 40: return [ldx(8, dst, src, s.dev), {code: CLASS.JMP | JMP.JEQ, dst, src: 0, off: 1, imm: 0}, ldx(4, dst, dst, l.netDeviceIfindex)];
		case 44: return [ldx(2, dst, src, s.tcIndex)];
		case 68: return [ldx(4, dst, src, s.hash)];
		case 76: return [ldx(8, dst, src, s.data)];
		case 80: return [ldx(8, dst, src, s.cb + l.cb.dataEnd)];
		case 84: return [ldx(4, dst, src, s.napiId)];
		case 140: return [ldx(8, dst, src, s.cb + l.cb.dataMeta)];
		case 168: return [ldx(8, dst, src, s.sk)];
		default: return undefined;
	}
}

/** A store into `__sk_buff` (the writable fields: mark, priority, queue_mapping, tc_index, cb[]). */
function skbStore(insn: ImageInsn, l: KernelLayout, size: number): ImageInsn[] | undefined {
	const s = l.skb;
	const at = insn.off >= 48 && insn.off < 68 ? s.cb + l.cb.qdiscData + insn.off - 48
		: insn.off === 8 ? s.mark : insn.off === 32 ? s.priority : insn.off === 12 ? s.queueMapping : insn.off === 44 ? s.tcIndex : undefined;
	if (at === undefined || (insn.code & 0x07) !== CLASS.STX) return undefined;
	const width = insn.off === 12 || insn.off === 44 ? 2 : insn.off >= 48 && insn.off < 68 ? size : 4;
	return [stx(width, insn.dst, insn.src, at)];
}

const SKB_TYPES = new Set(['sched_cls', 'sched_act', 'socket_filter', 'cgroup_skb']);

/** The instructions the kernel puts in place of a context access, or undefined when it leaves it (or the model does not know). */
export function convertContextAccess(programType: string, insn: ImageInsn, store: boolean, layout: KernelLayout): ImageInsn[] | undefined {
	const size = BYTES[insn.code & 0x18] ?? 4;
	if (programType === 'xdp' && !store) return xdpLoad(insn, layout);
	if (!SKB_TYPES.has(programType)) return undefined;
	return store ? skbStore(insn, layout, size) : skbLoad(insn, layout, size);
}
