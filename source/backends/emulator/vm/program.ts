// A program prepared for the interpreter: instructions decoded once into flat arrays, and every
// ld_imm64 folded into its 64-bit value (map pointers and map value addresses already resolved).
import {LD_IMM64, PSEUDO_CALL, CLASS, JMP} from './isa.js';
import {fromHalves, wrap, type U64} from './u64.js';

export type VmProgram = {
	readonly name: string;
	readonly length: number;
	readonly code: Uint8Array;
	readonly dst: Uint8Array;
	readonly src: Uint8Array;
	readonly off: Int16Array;
	readonly imm: Int32Array;
	/** Each immediate sign-extended to 64 bits, in canonical U64 form. */
	readonly immU64: readonly U64[];
	/** For each ld_imm64 slot, its 64-bit value (the second slot is skipped when executing). */
	readonly imm64: ReadonlyArray<U64 | undefined>;
};

/** Resolves a pseudo ld_imm64 (map reference): given the two slots' immediates and src_reg. */
export type ImmResolver = (index: number, srcReg: number, imm: number, nextImm: number) => U64;

export function prepareProgram(name: string, bytes: Uint8Array, resolve?: ImmResolver): VmProgram {
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

	const immU64: U64[] = Array.from(imm, v => wrap(v));
	const imm64: Array<U64 | undefined> = new Array<U64 | undefined>(length).fill(undefined);
	for (let i = 0; i < length; i++) {
		if (code[i] !== LD_IMM64) continue;
		if (i + 1 >= length) throw new RangeError(`${name}: ld_imm64 at ${i} has no second half`);
		const lo = imm[i]!;
		const hi = imm[i + 1]!;
		const s = src[i]!;
		imm64[i] = s === 0 || resolve === undefined
			? fromHalves(hi >>> 0, lo >>> 0)
			: resolve(i, s, lo, hi);
		i++;
	}

	return {name, length, code, dst, src, off, imm, immU64, imm64};
}

/** Start indices of subprograms: 0 plus every bpf-to-bpf call target. */
export function subprogramStarts(program: VmProgram): number[] {
	const starts = new Set<number>([0]);
	for (let i = 0; i < program.length; i++) {
		const c = program.code[i]!;
		if (c === (CLASS.JMP | JMP.CALL) && program.src[i] === PSEUDO_CALL) starts.add(i + 1 + program.imm[i]!);
	}

	return [...starts].sort((a, b) => a - b);
}
