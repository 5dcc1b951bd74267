// The values the verifier model tracks in registers and stack slots: scalars as unsigned and signed
// 64-bit ranges (a constant is a range of one), and pointers by what they point into. Enough to
// decide the branches the kernel's verifier decides (constants from frozen .rodata and CO-RE, null
// checks, bounds), which is what makes it remove code.

export const U64_MAX = (1n << 64n) - 1n;
const S64_MIN = -(1n << 63n);
const S64_MAX = (1n << 63n) - 1n;
export const U32_MAX = (1n << 32n) - 1n;

export type Scalar = {readonly k: 's'; readonly umin: bigint; readonly umax: bigint; readonly smin: bigint; readonly smax: bigint};

export type PointerType = 'ctx' | 'stack' | 'map_ptr' | 'map_value' | 'mem' | 'btf' | 'packet' | 'packet_end' | 'func' | 'other';

export type Pointer = {
	readonly k: 'p';
	readonly t: PointerType;
	/** Constant offset from the object's start (stack: from the frame's top); undefined when variable. */
	readonly off: number | undefined;
	/** map_ptr / map_value: the map's id. */
	readonly map?: number;
	/** stack: the frame (call depth) it belongs to. */
	readonly frame?: number;
	/** May be NULL (lookup results before their check). */
	readonly nullable: boolean;
	/** Pointers from the same lookup share an id, so one null check refines them all (-1: none). */
	readonly id: number;
	/** func: the instruction the callback starts at. */
	readonly target?: number;
};

/** Not initialised, or a mix of pointer and scalar: nothing can be decided from it. */
export type Unknown = {readonly k: 'u'};

export type Value = Scalar | Pointer | Unknown;

export const UNKNOWN: Unknown = {k: 'u'};

function signedRange(umin: bigint, umax: bigint): [bigint, bigint] {
	if (umax <= S64_MAX) return [umin, umax];
	if (umin > S64_MAX) return [umin - (1n << 64n), umax - (1n << 64n)];
	return [S64_MIN, S64_MAX];
}

function unsignedRange(smin: bigint, smax: bigint): [bigint, bigint] {
	if (smin >= 0n) return [smin, smax];
	if (smax < 0n) return [smin + (1n << 64n), smax + (1n << 64n)];
	return [0n, U64_MAX];
}

/** A scalar from unsigned bounds (signed ones derived). */
export function range(umin: bigint, umax: bigint): Scalar {
	const [smin, smax] = signedRange(umin, umax);
	return {k: 's', umin, umax, smin, smax};
}

/** A scalar from signed bounds (unsigned ones derived). */
export function signed(smin: bigint, smax: bigint): Scalar {
	const [umin, umax] = unsignedRange(smin, smax);
	return {k: 's', umin, umax, smin, smax};
}

/** Both sets of bounds, each tightened by the other. */
function both(umin: bigint, umax: bigint, smin: bigint, smax: bigint): Scalar {
	const [su, sU] = unsignedRange(smin, smax);
	const [us, uS] = signedRange(umin, umax);
	const lo = umin > su ? umin : su;
	const hi = umax < sU ? umax : sU;
	const slo = smin > us ? smin : us;
	const shi = smax < uS ? smax : uS;
	if (lo > hi || slo > shi) return range(umin, umax);
	return {k: 's', umin: lo, umax: hi, smin: slo, smax: shi};
}

export function constant(value: bigint): Scalar {
	return range(BigInt.asUintN(64, value), BigInt.asUintN(64, value));
}

export const ANY_SCALAR: Scalar = range(0n, U64_MAX);

/** A scalar of `bits` bits, zero-extended (a load of that size). */
export function anyOfWidth(bits: number): Scalar {
	return bits >= 64 ? ANY_SCALAR : range(0n, (1n << BigInt(bits)) - 1n);
}

export function isConst(v: Value): v is Scalar {
	return v.k === 's' && v.umin === v.umax;
}

export function pointer(t: PointerType, off: number | undefined, extra: Partial<Omit<Pointer, 'k' | 't' | 'off'>> = {}): Pointer {
	return {k: 'p', t, off, nullable: false, id: -1, ...extra};
}

export function sameValue(a: Value, b: Value): boolean {
	if (a === b) return true;
	if (a.k !== b.k) return false;
	if (a.k === 's' && b.k === 's') return a.umin === b.umin && a.umax === b.umax && a.smin === b.smin && a.smax === b.smax;
	if (a.k === 'p' && b.k === 'p') return a.t === b.t && a.off === b.off && a.map === b.map && a.frame === b.frame && a.nullable === b.nullable && a.id === b.id && a.target === b.target;
	return true;
}

/** The least value covering both (a join at a merge of paths). */
export function join(a: Value, b: Value): Value {
	if (sameValue(a, b)) return a;
	if (a.k === 's' && b.k === 's') {
		return both(a.umin < b.umin ? a.umin : b.umin, a.umax > b.umax ? a.umax : b.umax, a.smin < b.smin ? a.smin : b.smin, a.smax > b.smax ? a.smax : b.smax);
	}

	// NULL met a pointer (after a failed check on one path): a pointer that may be NULL.
	const nullScalar = (v: Value) => v.k === 's' && v.umin === 0n && v.umax === 0n;
	if (a.k === 'p' && nullScalar(b)) return {...a, nullable: true};
	if (b.k === 'p' && nullScalar(a)) return {...b, nullable: true};
	if (a.k === 'p' && b.k === 'p' && a.t === b.t && a.map === b.map && a.frame === b.frame && a.target === b.target) {
		return {...a, off: a.off === b.off ? a.off : undefined, nullable: a.nullable || b.nullable, id: a.id === b.id ? a.id : -1};
	}

	return UNKNOWN;
}

/** Widening at a loop head: bounds that moved go to the limit. */
export function widen(old: Value, next: Value): Value {
	if (old.k === 's' && next.k === 's') {
		return both(next.umin < old.umin ? 0n : old.umin, next.umax > old.umax ? U64_MAX : old.umax, next.smin < old.smin ? S64_MIN : old.smin, next.smax > old.smax ? S64_MAX : old.smax);
	}

	if (old.k === 'p' && next.k === 'p' && old.off !== next.off) return {...next, off: undefined};
	return next;
}

// ——— arithmetic ———

const mask = (bits: number) => (bits >= 64 ? U64_MAX : (1n << BigInt(bits)) - 1n);

/** The value truncated to its low `bits` bits, zero-extended. */
export function truncate(v: Scalar, bits: number): Scalar {
	if (bits >= 64) return v;
	const m = mask(bits);
	if (v.umin === v.umax) return constant(v.umin & m);
	if (v.umax <= m) return v;
	return range(0n, m);
}

/** Sign extension of the low `bits` bits to 64. */
export function signExtend(v: Scalar, bits: number): Scalar {
	if (v.umin === v.umax) return constant(BigInt.asIntN(bits, v.umin & mask(bits)));
	const low = truncate(v, bits);
	if (low.umax < 1n << BigInt(bits - 1)) return low;
	return signed(-(1n << BigInt(bits - 1)), (1n << BigInt(bits - 1)) - 1n);
}

const ALU_OP = {ADD: 0x00, SUB: 0x10, MUL: 0x20, DIV: 0x30, OR: 0x40, AND: 0x50, LSH: 0x60, RSH: 0x70, NEG: 0x80, MOD: 0x90, XOR: 0xa0, MOV: 0xb0, ARSH: 0xc0} as const;

/** A scalar ALU operation (`op` as in the opcode), on `bits` = 64 or 32 (the result zero-extended). */
export function scalarAlu(op: number, a: Scalar, b: Scalar, bits: number, signedDivision = false): Scalar {
	if (bits === 32) {
		a = truncate(a, 32);
		b = truncate(b, 32);
	}

	const m = mask(bits);
	const exact = a.umin === a.umax && b.umin === b.umax;
	const x = a.umin;
	const y = b.umin;
	const done = (v: bigint) => constant(v & m);
	const within = (lo: bigint, hi: bigint) => (lo >= 0n && hi <= m ? range(lo, hi) : range(0n, m));
	switch (op) {
		case ALU_OP.ADD:
			return exact ? done(x + y) : within(a.umin + b.umin, a.umax + b.umax);
		case ALU_OP.SUB:
			if (exact) return done(x - y);
			if (bits === 64 && a.smin - b.smax >= S64_MIN && a.smax - b.smin <= S64_MAX) return signed(a.smin - b.smax, a.smax - b.smin);
			return within(a.umin - b.umax, a.umax - b.umin);
		case ALU_OP.MUL:
			return exact ? done(x * y) : within(a.umin * b.umin, a.umax * b.umax);
		case ALU_OP.DIV:
			if (signedDivision) {
				if (!exact) return range(0n, m);
				if (y === 0n) return done(0n);
				const sx = BigInt.asIntN(bits, x);
				const sy = BigInt.asIntN(bits, y);
				return done(BigInt.asUintN(bits, sx / sy));
			}

			if (b.umin === 0n && b.umax === 0n) return done(0n);
			if (exact) return done(x / y);
			return b.umin > 0n ? range(a.umin / b.umax, a.umax / b.umin) : range(0n, a.umax);
		case ALU_OP.MOD:
			if (signedDivision) {
				if (!exact) return range(0n, m);
				if (y === 0n) return done(x);
				return done(BigInt.asUintN(bits, BigInt.asIntN(bits, x) % BigInt.asIntN(bits, y)));
			}

			if (exact) return done(y === 0n ? x : x % y);
			if (b.umin > 0n) return range(0n, a.umax < b.umax - 1n ? a.umax : b.umax - 1n);
			return range(0n, a.umax);
		case ALU_OP.OR:
			if (exact) return done(x | y);
			return range(a.umin > b.umin ? a.umin : b.umin, orLimit(a.umax > b.umax ? a.umax : b.umax) & m);
		case ALU_OP.AND:
			if (exact) return done(x & y);
			return range(0n, a.umax < b.umax ? a.umax : b.umax);
		case ALU_OP.XOR:
			return exact ? done(x ^ y) : range(0n, orLimit(a.umax > b.umax ? a.umax : b.umax) & m);
		case ALU_OP.LSH: {
			if (b.umin !== b.umax) return range(0n, m);
			const shift = y & BigInt(bits - 1);
			if (exact) return done(x << shift);
			return (a.umax << shift) <= m ? range(a.umin << shift, a.umax << shift) : range(0n, m);
		}

		case ALU_OP.RSH: {
			if (b.umin !== b.umax) return range(0n, a.umax);
			const shift = y & BigInt(bits - 1);
			return exact ? done(x >> shift) : range(a.umin >> shift, a.umax >> shift);
		}

		case ALU_OP.ARSH: {
			if (b.umin !== b.umax) return range(0n, m);
			const shift = y & BigInt(bits - 1);
			if (exact) return done(BigInt.asUintN(bits, BigInt.asIntN(bits, x) >> shift));
			if (bits === 64) return signed(a.smin >> shift, a.smax >> shift);
			return range(0n, m);
		}

		case ALU_OP.NEG:
			return a.umin === a.umax ? done(-x) : range(0n, m);
		case ALU_OP.MOV:
			return truncate(b, bits);
		default:
			return range(0n, m);
	}
}

/** The smallest all-ones number at least v (a bound for OR and XOR). */
function orLimit(v: bigint): bigint {
	let limit = 0n;
	while (limit < v) limit = (limit << 1n) | 1n;
	return limit;
}

// ——— comparisons ———

export const JMP_OP = {JEQ: 0x10, JGT: 0x20, JGE: 0x30, JSET: 0x40, JNE: 0x50, JSGT: 0x60, JSGE: 0x70, JLT: 0xa0, JLE: 0xb0, JSLT: 0xc0, JSLE: 0xd0} as const;

/** The kernel's is_branch_taken for two scalars: true, false, or undefined when it cannot tell. */
export function branchTaken(op: number, a: Scalar, b: Scalar, bits: number): boolean | undefined {
	if (bits === 32) {
		a = truncate(a, 32);
		b = truncate(b, 32);
		// Signed comparisons on 32 bits: the sign-extended views.
		if (op === JMP_OP.JSGT || op === JMP_OP.JSGE || op === JMP_OP.JSLT || op === JMP_OP.JSLE) {
			a = signExtend(a, 32);
			b = signExtend(b, 32);
		}
	}

	switch (op) {
		case JMP_OP.JEQ:
			if (a.umin === a.umax && b.umin === b.umax) return a.umin === b.umin;
			if (a.umin > b.umax || a.umax < b.umin || a.smin > b.smax || a.smax < b.smin) return false;
			return undefined;
		case JMP_OP.JNE: {
			const eq = branchTaken(JMP_OP.JEQ, a, b, 64);
			return eq === undefined ? undefined : !eq;
		}

		case JMP_OP.JSET:
			if (a.umin === a.umax && b.umin === b.umax) return (a.umin & b.umin) !== 0n;
			if (a.umax === 0n || b.umax === 0n) return false;
			if (b.umin === b.umax && (a.umax < lowestBit(b.umin))) return false;
			return undefined;
		case JMP_OP.JGT: return a.umin > b.umax ? true : a.umax <= b.umin ? false : undefined;
		case JMP_OP.JGE: return a.umin >= b.umax ? true : a.umax < b.umin ? false : undefined;
		case JMP_OP.JLT: return a.umax < b.umin ? true : a.umin >= b.umax ? false : undefined;
		case JMP_OP.JLE: return a.umax <= b.umin ? true : a.umin > b.umax ? false : undefined;
		case JMP_OP.JSGT: return a.smin > b.smax ? true : a.smax <= b.smin ? false : undefined;
		case JMP_OP.JSGE: return a.smin >= b.smax ? true : a.smax < b.smin ? false : undefined;
		case JMP_OP.JSLT: return a.smax < b.smin ? true : a.smin >= b.smax ? false : undefined;
		case JMP_OP.JSLE: return a.smax <= b.smin ? true : a.smin > b.smax ? false : undefined;
		default: return undefined;
	}
}

function lowestBit(v: bigint): bigint {
	return v & -v;
}

/** The opposite comparison (what holds on the fall-through path). */
export function negate(op: number): number {
	switch (op) {
		case JMP_OP.JEQ: return JMP_OP.JNE;
		case JMP_OP.JNE: return JMP_OP.JEQ;
		case JMP_OP.JGT: return JMP_OP.JLE;
		case JMP_OP.JLE: return JMP_OP.JGT;
		case JMP_OP.JGE: return JMP_OP.JLT;
		case JMP_OP.JLT: return JMP_OP.JGE;
		case JMP_OP.JSGT: return JMP_OP.JSLE;
		case JMP_OP.JSLE: return JMP_OP.JSGT;
		case JMP_OP.JSGE: return JMP_OP.JSLT;
		case JMP_OP.JSLT: return JMP_OP.JSGE;
		default: return op;
	}
}

/** `a` narrowed by knowing `a OP b` holds (64-bit comparisons; 32-bit ones narrow only exact equality). */
export function narrow(op: number, a: Scalar, b: Scalar, bits: number): Scalar {
	// A 32-bit comparison narrows like a 64-bit one when both sides fit in 32 bits (unsigned tests).
	if (bits === 32) {
		const unsignedTest = op !== JMP_OP.JSGT && op !== JMP_OP.JSGE && op !== JMP_OP.JSLT && op !== JMP_OP.JSLE && op !== JMP_OP.JSET;
		if (!unsignedTest || a.umax > U32_MAX) return a;
		b = truncate(b, 32);
	}

	const max = (x: bigint, y: bigint) => (x > y ? x : y);
	const min = (x: bigint, y: bigint) => (x < y ? x : y);
	let {umin, umax, smin, smax} = a;
	switch (op) {
		case JMP_OP.JEQ:
			umin = max(umin, b.umin); umax = min(umax, b.umax); smin = max(smin, b.smin); smax = min(smax, b.smax);
			break;
		case JMP_OP.JNE:
			if (b.umin === b.umax) {
				if (umin === b.umin) umin++;
				if (umax === b.umin) umax--;
				const s = BigInt.asIntN(64, b.umin);
				if (smin === s) smin++;
				if (smax === s) smax--;
			}

			break;
		case JMP_OP.JGT: umin = max(umin, b.umin + 1n); break;
		case JMP_OP.JGE: umin = max(umin, b.umin); break;
		case JMP_OP.JLT: umax = min(umax, b.umax - 1n); break;
		case JMP_OP.JLE: umax = min(umax, b.umax); break;
		case JMP_OP.JSGT: smin = max(smin, b.smin + 1n); break;
		case JMP_OP.JSGE: smin = max(smin, b.smin); break;
		case JMP_OP.JSLT: smax = min(smax, b.smax - 1n); break;
		case JMP_OP.JSLE: smax = min(smax, b.smax); break;
		default: return a;
	}

	if (umin > umax || smin > smax) return a; // an infeasible path: keep what was known
	return both(umin, umax, smin, smax);
}

/** The comparison with its operands swapped (b OP' a ⇔ a OP b). */
export function swapped(op: number): number {
	switch (op) {
		case JMP_OP.JGT: return JMP_OP.JLT;
		case JMP_OP.JLT: return JMP_OP.JGT;
		case JMP_OP.JGE: return JMP_OP.JLE;
		case JMP_OP.JLE: return JMP_OP.JGE;
		case JMP_OP.JSGT: return JMP_OP.JSLT;
		case JMP_OP.JSLT: return JMP_OP.JSGT;
		case JMP_OP.JSGE: return JMP_OP.JSLE;
		case JMP_OP.JSLE: return JMP_OP.JSGE;
		default: return op;
	}
}
