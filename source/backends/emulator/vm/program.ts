// A program prepared for the interpreter: instructions decoded once into flat arrays, and every
// ld_imm64 folded into its 64-bit value (map pointers and map value addresses already resolved).
import {LD_IMM64} from './isa.js';
import {fromHalves, wrap, type U64} from './u64.js';

/** The decoded instructions: immutable, so every load of the same code can share them. */
export type DecodedProgram = {
	readonly length: number;
	readonly code: Uint8Array;
	readonly dst: Uint8Array;
	readonly src: Uint8Array;
	readonly off: Int16Array;
	readonly imm: Int32Array;
	/** Each immediate sign-extended to 64 bits, in canonical U64 form. */
	readonly immU64: readonly U64[];
	/** For each instruction, 1 + the index of its ld_imm64 value in VmProgram.imm64, or 0 when it is not an ld_imm64. */
	readonly immSlot: Int32Array;
};

export type VmProgram = DecodedProgram & {
	readonly name: string;
	/**
	 * Loads through BTF pointers (tracing programs) are the kernel's PROBE_MEM: a bad address reads
	 * as 0 instead of faulting.
	 */
	readonly probeMem: boolean;
	/**
	 * The 64-bit values of its ld_imm64 instructions, in program order (immSlot says whose): a few
	 * per program, where an array as long as the program was mostly holes.
	 */
	readonly imm64: readonly U64[];
};

/** Resolves a pseudo ld_imm64 (map reference): given the two slots' immediates and src_reg. */
export type ImmResolver = (index: number, srcReg: number, imm: number, nextImm: number) => U64;

export function prepareProgram(name: string, bytes: Uint8Array, resolve?: ImmResolver, probeMem = false): VmProgram {
	return linkProgram(name, decodeProgram(name, bytes), bytes, resolve, probeMem);
}

/** Decodes and checks instructions into flat arrays; throws RangeError for what the verifier refuses. */
export function decodeProgram(name: string, bytes: Uint8Array): DecodedProgram {
	const length = Math.floor(bytes.length / 8);
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const code = new Uint8Array(length);
	const dst = new Uint8Array(length);
	const src = new Uint8Array(length);
	const off = new Int16Array(length);
	const imm = new Int32Array(length);
	for (let i = 0; i < length; i++) {
		code[i] = view.getUint8(i * 8);
		const regs = view.getUint8(i * 8 + 1);
		dst[i] = regs & 0x0f;
		src[i] = regs >> 4;
		off[i] = view.getInt16(i * 8 + 2, true);
		imm[i] = view.getInt32(i * 8 + 4, true);
	}

	validate(name, code, dst, src);
	const immSlot = new Int32Array(length);
	let slots = 0;
	for (let i = 0; i < length; i++) {
		if (code[i] !== LD_IMM64) continue;
		if (i + 1 >= length) throw new RangeError(`${name}: ld_imm64 at ${i} has no second half`);
		immSlot[i] = ++slots;
		i++;
	}

	return {length, code, dst, src, off, imm, immU64: Array.from(imm, v => wrap(v)), immSlot};
}

/**
 * A runnable program: decoded instructions (possibly shared) plus this load's name and ld_imm64
 * values, read from `bytes` (the instructions as loaded) and resolved for map references.
 */
export function linkProgram(name: string, decoded: DecodedProgram, bytes: Uint8Array, resolve?: ImmResolver, probeMem = false): VmProgram {
	const {length, code, src, immSlot} = decoded;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let count = 0;
	for (let i = 0; i < length; i++) count = Math.max(count, immSlot[i]!);
	// Sized up front: an array grown by assignment keeps room for 16.
	const imm64 = new Array<U64>(count);
	for (let i = 0; i + 1 < length; i++) {
		if (code[i] !== LD_IMM64) continue;
		const lo = view.getInt32(i * 8 + 4, true);
		const hi = view.getInt32(i * 8 + 12, true);
		const s = src[i]!;
		imm64[immSlot[i]! - 1] = s === 0 || resolve === undefined
			? fromHalves(hi >>> 0, lo >>> 0)
			: resolve(i, s, lo, hi);
		i++;
	}

	// Spelled out, not spread: one shape for every program, and cheaper to build.
	return {length, code, dst: decoded.dst, src, off: decoded.off, imm: decoded.imm, immU64: decoded.immU64, immSlot, name, probeMem, imm64};
}

/** What the verifier refuses before anything runs: registers past r10, writes to the frame pointer. */
function validate(name: string, code: Uint8Array, dst: Uint8Array, src: Uint8Array): void {
	for (let i = 0; i < code.length; i++) {
		const cls = code[i]! & 0x07;
		if (dst[i]! > 10 || src[i]! > 10) throw new RangeError(`${name}: insn ${i}: invalid register`);
		const writesDst = cls === 0x04 || cls === 0x07 || cls === 0x01 || code[i] === LD_IMM64;
		if (writesDst && dst[i] === 10) throw new RangeError(`${name}: insn ${i}: frame pointer is read only`);
		if (code[i] === LD_IMM64) i++; // the second half carries only the high immediate
	}
}
