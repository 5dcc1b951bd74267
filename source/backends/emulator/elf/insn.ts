// Just enough of the BPF instruction encoding for a loader: each instruction is 8 bytes,
// {opcode, dst:4|src:4, off:16, imm:32}, little endian; ld_imm64 takes two slots.

export const INSN_SIZE = 8;
export const OP_LD_IMM64 = 0x18;
export const OP_CALL = 0x85;
/** src_reg of a call to another BPF function (bpf-to-bpf). */
export const PSEUDO_CALL = 1;
/** src_reg of a kfunc call. */
export const PSEUDO_KFUNC_CALL = 2;
/** src_reg of an ld_imm64 that loads a kernel variable's address by BTF id (typed __ksym). */
export const PSEUDO_BTF_ID = 3;
/** src_reg of an ld_imm64 that loads a BPF function's address (callbacks, e.g. bpf_loop). */
export const PSEUDO_FUNC = 4;

export type Insn = {readonly code: number; readonly dst: number; readonly src: number; readonly off: number; readonly imm: number};

function view(insns: Uint8Array): DataView {
	return new DataView(insns.buffer, insns.byteOffset, insns.byteLength);
}

export function readInsn(insns: Uint8Array, index: number): Insn {
	const at = index * INSN_SIZE;
	const data = view(insns);
	const regs = insns[at + 1]!;
	return {code: insns[at]!, dst: regs & 0xf, src: regs >> 4, off: data.getInt16(at + 2, true), imm: data.getInt32(at + 4, true)};
}

export function writeImm(insns: Uint8Array, index: number, imm: number): void {
	view(insns).setInt32(index * INSN_SIZE + 4, imm, true);
}

export function writeOff(insns: Uint8Array, index: number, off: number): void {
	view(insns).setInt16(index * INSN_SIZE + 2, off, true);
}

export function setSrcReg(insns: Uint8Array, index: number, src: number): void {
	const at = index * INSN_SIZE + 1;
	insns[at] = (insns[at]! & 0x0f) | (src << 4);
}

export function isSubprogCall(insn: Insn): boolean {
	return insn.code === OP_CALL && insn.src === PSEUDO_CALL && insn.dst === 0 && insn.off === 0;
}

export function isPseudoFunc(insn: Insn): boolean {
	return insn.code === OP_LD_IMM64 && insn.src === PSEUDO_FUNC;
}

/**
 * The helper ids a program calls (call instructions with src_reg 0), in first-use order without
 * repeats, so the emulator can refuse a program that needs a helper it does not implement.
 */
export function helperIds(insns: Uint8Array): number[] {
	const ids: number[] = [];
	const count = Math.floor(insns.length / INSN_SIZE);
	for (let index = 0; index < count; index++) {
		const insn = readInsn(insns, index);
		if (insn.code === OP_LD_IMM64) index++; // the second slot holds data, not an instruction
		else if (insn.code === OP_CALL && insn.src === 0 && !ids.includes(insn.imm)) ids.push(insn.imm);
	}
	return ids;
}
