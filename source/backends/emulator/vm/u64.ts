// 64-bit register values, fast. BigInt arithmetic costs 50–100 ns per operation in V8, so a value
// below 2^53 is held as a plain number and only larger ones as a BigInt. The form is canonical: a
// number is a non-negative safe integer, a bigint is in [2^53, 2^64). Equal values therefore have
// the same type, `===` is equality, and JS relational operators compare mixed types correctly.

export type U64 = number | bigint;

export const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const MAX_SAFE_BIG = BigInt(MAX_SAFE);
const TWO32 = 4_294_967_296;
const TWO21 = 2_097_152;

/** Canonical form of a BigInt in [0, 2^64). */
export function fromBig(v: bigint): U64 {
	return v <= MAX_SAFE_BIG ? Number(v) : v;
}

/** Canonical form of any integer, wrapped to 64 bits. */
export function wrap(v: bigint | number): U64 {
	if (typeof v === 'number') {
		if (v >= 0 && v <= MAX_SAFE) return v;
		return fromBig(BigInt.asUintN(64, BigInt(v)));
	}

	return fromBig(BigInt.asUintN(64, v));
}

export function toBig(v: U64): bigint {
	return typeof v === 'bigint' ? v : BigInt(v);
}

/** The value as a signed 64-bit number or bigint (for signed comparisons). */
export function signed64(v: U64): number | bigint {
	return typeof v === 'number' ? v : BigInt.asIntN(64, v);
}

export function low32(v: U64): number {
	return typeof v === 'number' ? v >>> 0 : Number(v & 0xffff_ffffn);
}

/** Builds a value from two 32-bit halves. */
export function fromHalves(hi: number, lo: number): U64 {
	return hi < TWO21 ? hi * TWO32 + lo : (BigInt(hi) << 32n) | BigInt(lo);
}

export function high32(v: U64): number {
	return typeof v === 'number' ? Math.floor(v / TWO32) : Number(v >> 32n);
}

/** Exact floor division of non-negative safe integers. */
export function udiv(a: number, b: number): number {
	return (a - (a % b)) / b;
}

export const TWO_POW_32 = TWO32;
