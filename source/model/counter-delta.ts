// How much a map value moved between two refreshes. Map values are counters or gauges: a value
// that went down is a negative delta, unless going forward through the top of the value's width is
// the shorter way — then the counter wrapped.

/** A number read from a map value: `exact` when it came from raw bytes (u64 beyond 2^53 stays exact). */
export type Reading = {readonly number: number; readonly exact?: bigint};

export function counterDelta(before: Reading | undefined, after: Reading | undefined, bits?: number): number | undefined {
	if (!before || !after) return undefined;
	if (before.exact !== undefined && after.exact !== undefined) return Number(exactDelta(before.exact, after.exact, bits));
	const change = after.number - before.number;
	if (change >= 0 || bits === undefined || before.number < 0 || after.number < 0) return change;
	const span = 2 ** bits;
	const forward = change + span;
	return forward < span / 2 ? forward : change;
}

function exactDelta(before: bigint, after: bigint, bits: number | undefined): bigint {
	const change = after - before;
	if (change >= 0n || bits === undefined || before < 0n || after < 0n) return change;
	const span = 1n << BigInt(bits);
	const forward = change + span;
	return forward < span / 2n ? forward : change;
}

/** Per second over the interval; undefined without an interval or a delta. */
export function ratePerSec(delta: number | undefined, intervalSec: number): number | undefined {
	if (delta === undefined || !(intervalSec > 0)) return undefined;
	return delta / intervalSec;
}
