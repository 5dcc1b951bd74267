// ALU and ALU64 semantics, as the kernel's interpreter defines them: 32-bit ops zero-extend,
// shifts are masked to the width, division by zero gives 0 and modulo by zero leaves dst
// (truncated to the width), off=1 selects signed div/mod, MOV with off is movsx.
// Numbers take fast paths; anything that leaves the safe range goes through BigInt.
import {ALU} from './isa.js';
import {VmFault} from './memory.js';
import {fromBig, high32, low32, MAX_SAFE, signed64, toBig, TWO_POW_32, udiv, type U64} from './u64.js';

const u64 = (v: bigint) => fromBig(BigInt.asUintN(64, v));

function bitwise(op: number, a: U64, b: U64): U64 {
	if (typeof a === 'number' && typeof b === 'number') {
		const hi = op === ALU.OR ? high32(a) | high32(b) : op === ALU.AND ? high32(a) & high32(b) : high32(a) ^ high32(b);
		const lo = op === ALU.OR ? a | b : op === ALU.AND ? a & b : a ^ b;
		// Both below 2^53, so the high halves are below 2^21 and so is the result's.
		return (hi >>> 0) * TWO_POW_32 + (lo >>> 0);
	}

	const x = toBig(a);
	const y = toBig(b);
	return fromBig(op === ALU.OR ? x | y : op === ALU.AND ? x & y : x ^ y);
}

export function alu64(op: number, a: U64, b: U64, off: number): U64 {
	const fast = typeof a === 'number' && typeof b === 'number';
	switch (op) {
		case ALU.ADD:
			if (fast) {
				const r = a + b;
				if (r <= MAX_SAFE) return r;
			}

			return u64(toBig(a) + toBig(b));
		case ALU.SUB:
			if (fast && a >= b) return a - b;
			return u64(toBig(a) - toBig(b));
		case ALU.MUL:
			if (fast) {
				const r = a * b;
				if (r <= MAX_SAFE) return r;
			}

			return u64(toBig(a) * toBig(b));
		case ALU.DIV:
			if (b === 0) return 0;
			if (off === 1) return u64(BigInt.asIntN(64, toBig(a)) / BigInt.asIntN(64, toBig(b)));
			if (fast) return udiv(a, b);
			return fromBig(toBig(a) / toBig(b));
		case ALU.MOD:
			if (b === 0) return a;
			if (off === 1) return u64(BigInt.asIntN(64, toBig(a)) % BigInt.asIntN(64, toBig(b)));
			if (fast) return a % b;
			return fromBig(toBig(a) % toBig(b));
		case ALU.OR:
		case ALU.AND:
		case ALU.XOR:
			return bitwise(op, a, b);
		case ALU.LSH: {
			const s = low32(b) & 63;
			if (typeof a === 'number' && s < 53) {
				const r = a * 2 ** s;
				if (r <= MAX_SAFE) return r;
			}

			return u64(toBig(a) << BigInt(s));
		}

		case ALU.RSH: {
			const s = low32(b) & 63;
			if (typeof a === 'number') return s >= 53 ? 0 : Math.floor(a / 2 ** s);
			return fromBig(a >> BigInt(s));
		}

		case ALU.ARSH: {
			const s = low32(b) & 63;
			// A canonical number has its sign bit clear: arithmetic and logical shifts agree.
			if (typeof a === 'number') return s >= 53 ? 0 : Math.floor(a / 2 ** s);
			return u64(BigInt.asIntN(64, a) >> BigInt(s));
		}

		case ALU.NEG:
			return a === 0 ? 0 : u64(-toBig(a));
		case ALU.MOV:
			return off === 0 ? b : u64(BigInt.asIntN(off, toBig(b)));
		default:
			throw new VmFault(`unknown opcode: alu64 op 0x${op.toString(16)}`);
	}
}

export function alu32(op: number, a64: U64, b64: U64, off: number): number {
	const a = low32(a64);
	const b = low32(b64);
	switch (op) {
		case ALU.ADD: return (a + b) >>> 0;
		case ALU.SUB: return (a - b) >>> 0;
		case ALU.MUL: return Math.imul(a, b) >>> 0;
		case ALU.DIV: {
			if (b === 0) return 0;
			if (off !== 1) return udiv(a, b);
			const sa = a | 0;
			const sb = b | 0;
			return ((sa - (sa % sb)) / sb) >>> 0;
		}

		case ALU.MOD:
			if (b === 0) return a;
			return off === 1 ? ((a | 0) % (b | 0)) >>> 0 : a % b;
		case ALU.OR: return (a | b) >>> 0;
		case ALU.AND: return (a & b) >>> 0;
		case ALU.XOR: return (a ^ b) >>> 0;
		case ALU.LSH: return (a << (b & 31)) >>> 0;
		case ALU.RSH: return a >>> (b & 31);
		case ALU.ARSH: return ((a | 0) >> (b & 31)) >>> 0;
		case ALU.NEG: return (-a) >>> 0;
		case ALU.MOV:
			if (off === 8) return ((b << 24) >> 24) >>> 0;
			if (off === 16) return ((b << 16) >> 16) >>> 0;
			return b;
		default:
			throw new VmFault(`unknown opcode: alu32 op 0x${op.toString(16)}`);
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
export function endian(value: U64, bits: number, swap: boolean): U64 {
	if (bits !== 16 && bits !== 32 && bits !== 64) throw new VmFault(`bad endian width ${bits}`);
	const truncated = BigInt.asUintN(bits, toBig(value));
	return fromBig(swap ? byteSwap(truncated, bits) : truncated);
}

export function jumpTaken(op: number, dst: U64, src: U64, is32: boolean): boolean {
	const a = is32 ? low32(dst) : dst;
	const b = is32 ? low32(src) : src;
	switch (op) {
		case 0x10: return a === b;
		case 0x20: return a > b;
		case 0x30: return a >= b;
		case 0x40: return bitwise(ALU.AND, a, b) !== 0;
		case 0x50: return a !== b;
		case 0xa0: return a < b;
		case 0xb0: return a <= b;
		default: {
			const sa = is32 ? (a as number) | 0 : signed64(a);
			const sb = is32 ? (b as number) | 0 : signed64(b);
			switch (op) {
				case 0x60: return sa > sb;
				case 0x70: return sa >= sb;
				case 0xc0: return sa < sb;
				case 0xd0: return sa <= sb;
				default: throw new VmFault(`unknown opcode: jump op 0x${op.toString(16)}`);
			}
		}
	}
}
