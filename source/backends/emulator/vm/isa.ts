// eBPF instruction encoding: classes, opcodes, and decoding of the 8-byte little-endian slots.

export const CLASS = {LD: 0x00, LDX: 0x01, ST: 0x02, STX: 0x03, ALU: 0x04, JMP: 0x05, JMP32: 0x06, ALU64: 0x07} as const;
export const SIZE = {W: 0x00, H: 0x08, B: 0x10, DW: 0x18} as const;
export const MODE = {IMM: 0x00, ABS: 0x20, IND: 0x40, MEM: 0x60, MEMSX: 0x80, ATOMIC: 0xc0} as const;
export const SRC_X = 0x08;

export const ALU = {
	ADD: 0x00, SUB: 0x10, MUL: 0x20, DIV: 0x30, OR: 0x40, AND: 0x50, LSH: 0x60, RSH: 0x70,
	NEG: 0x80, MOD: 0x90, XOR: 0xa0, MOV: 0xb0, ARSH: 0xc0, END: 0xd0,
} as const;

export const JMP = {
	JA: 0x00, JEQ: 0x10, JGT: 0x20, JGE: 0x30, JSET: 0x40, JNE: 0x50, JSGT: 0x60, JSGE: 0x70,
	CALL: 0x80, EXIT: 0x90, JLT: 0xa0, JLE: 0xb0, JSLT: 0xc0, JSLE: 0xd0,
} as const;

export const ATOMIC = {ADD: 0x00, OR: 0x40, AND: 0x50, XOR: 0xa0, FETCH: 0x01, XCHG: 0xe1, CMPXCHG: 0xf1} as const;

/** ld_imm64 src_reg values (BPF_PSEUDO_*). */
export const PSEUDO = {MAP_FD: 1, MAP_VALUE: 2, BTF_ID: 3, FUNC: 4, MAP_IDX: 5, MAP_IDX_VALUE: 6} as const;
/** call src_reg for a bpf-to-bpf call. */
export const PSEUDO_CALL = 1;

export const LD_IMM64 = CLASS.LD | SIZE.DW | MODE.IMM; // 0x18

export type Insn = {
	readonly code: number;
	readonly dst: number;
	readonly src: number;
	readonly off: number;
	readonly imm: number;
};

export function insnCount(bytes: Uint8Array): number {
	return Math.floor(bytes.length / 8);
}

export function decodeInsn(bytes: Uint8Array, index: number): Insn {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const at = index * 8;
	const regs = view.getUint8(at + 1);
	return {
		code: view.getUint8(at),
		dst: regs & 0x0f,
		src: regs >> 4,
		off: view.getInt16(at + 2, true),
		imm: view.getInt32(at + 4, true),
	};
}

export function decodeAll(bytes: Uint8Array): Insn[] {
	const out: Insn[] = [];
	for (let i = 0; i < insnCount(bytes); i++) out.push(decodeInsn(bytes, i));
	return out;
}

export function encodeInsn(insn: Insn): Uint8Array {
	const out = new Uint8Array(8);
	const view = new DataView(out.buffer);
	view.setUint8(0, insn.code);
	view.setUint8(1, ((insn.src & 0x0f) << 4) | (insn.dst & 0x0f));
	view.setInt16(2, insn.off, true);
	view.setInt32(4, insn.imm, true);
	return out;
}

export function encodeAll(insns: readonly Insn[]): Uint8Array {
	const out = new Uint8Array(insns.length * 8);
	insns.forEach((insn, i) => out.set(encodeInsn(insn), i * 8));
	return out;
}
