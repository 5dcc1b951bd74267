// ALU and ALU64 semantics on unsigned 64-bit BigInts, as the kernel's interpreter defines them:
// 32-bit ops zero-extend, shifts are masked to the width, division by zero gives 0 and modulo by
// zero leaves dst (truncated to the width), off=1 selects signed div/mod, MOV with off is movsx.
import {ALU} from './isa.js';
import {VmFault} from './memory.js';

export const M64 = (1n << 64n) - 1n;
export const M32 = 0xffff_ffffn;

const u64 = (v: bigint) => BigInt.asUintN(64, v);
const u32 = (v: bigint) => BigInt.asUintN(32, v);
const s64 = (v: bigint) => BigInt.asIntN(64, v);
const s32 = (v: bigint) => BigInt.asIntN(32, v);

export function alu64(op: number, dst: bigint, src: bigint, off: number): bigint {
	switch (op) {
		case ALU.ADD: return u64(dst + src);
		case ALU.SUB: return u64(dst - src);
		case ALU.MUL: return u64(dst * src);
		case ALU.DIV:
			if (src === 0n) return 0n;
			return off === 1 ? u64(s64(dst) / s64(src)) : dst / src;
		case ALU.MOD:
			if (src === 0n) return dst;
			return off === 1 ? u64(s64(dst) % s64(src)) : dst % src;
		case ALU.OR: return dst | src;
		case ALU.AND: return dst & src;
		case ALU.XOR: return dst ^ src;
		case ALU.LSH: return u64(dst << (src & 63n));
		case ALU.RSH: return dst >> (src & 63n);
		case ALU.ARSH: return u64(s64(dst) >> (src & 63n));
		case ALU.NEG: return u64(-dst);
		case ALU.MOV: return off === 0 ? src : u64(BigInt.asIntN(off, src));
		default: throw new VmFault(`unknown opcode: alu64 op 0x${op.toString(16)}`);
	}
}

export function alu32(op: number, dst64: bigint, src64: bigint, off: number): bigint {
	const dst = u32(dst64);
	const src = u32(src64);
	switch (op) {
		case ALU.ADD: return u32(dst + src);
		case ALU.SUB: return u32(dst - src);
		case ALU.MUL: return u32(dst * src);
		case ALU.DIV:
			if (src === 0n) return 0n;
			return off === 1 ? u32(s32(dst) / s32(src)) : dst / src;
		case ALU.MOD:
			if (src === 0n) return dst;
			return off === 1 ? u32(s32(dst) % s32(src)) : dst % src;
		case ALU.OR: return dst | src;
		case ALU.AND: return dst & src;
		case ALU.XOR: return dst ^ src;
		case ALU.LSH: return u32(dst << (src & 31n));
		case ALU.RSH: return dst >> (src & 31n);
		case ALU.ARSH: return u32(s32(dst) >> (src & 31n));
		case ALU.NEG: return u32(-dst);
		case ALU.MOV: return off === 0 ? src : u32(BigInt.asIntN(off, src64));
		default: throw new VmFault(`unknown opcode: alu32 op 0x${op.toString(16)}`);
	}
}

export function byteSwap(value: bigint, bits: number): bigint {
	let out = 0n;
	for (let i = 0; i < bits / 8; i++) out = (out << 8n) | ((value >> BigInt(i * 8)) & 0xffn);
	return out;
}

/**
 * BPF_END: `le` on this little-endian machine only truncates to the width, `be` swaps;
 * ALU64 | END (bswap, cpu v4) swaps unconditionally.
 */
export function endian(value: bigint, bits: number, swap: boolean): bigint {
	if (bits !== 16 && bits !== 32 && bits !== 64) throw new VmFault(`bad endian width ${bits}`);
	const truncated = BigInt.asUintN(bits, value);
	return swap ? byteSwap(truncated, bits) : truncated;
}

export function jumpTaken(op: number, dst: bigint, src: bigint, is32: boolean): boolean {
	const a = is32 ? u32(dst) : dst;
	const b = is32 ? u32(src) : src;
	const sa = is32 ? s32(a) : s64(a);
	const sb = is32 ? s32(b) : s64(b);
	switch (op) {
		case 0x10: return a === b;
		case 0x20: return a > b;
		case 0x30: return a >= b;
		case 0x40: return (a & b) !== 0n;
		case 0x50: return a !== b;
		case 0x60: return sa > sb;
		case 0x70: return sa >= sb;
		case 0xa0: return a < b;
		case 0xb0: return a <= b;
		case 0xc0: return sa < sb;
		case 0xd0: return sa <= sb;
		default: throw new VmFault(`unknown opcode: jump op 0x${op.toString(16)}`);
	}
}
