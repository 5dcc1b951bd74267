// How many arrivals the interpreter runs when there are more than the run budget allows. The
// budget is a credit of interpreted runs that grows with simulated time (runBudget per second,
// kept up to two seconds' worth) and that each catch-up spends. When a catch-up's arrivals fit in
// the credit, every one runs. When they do not, the credit is shared max-min fairly: quiet
// attachments still run every arrival, busy ones are cut to a common level, and a program that
// has never run gets one run, so its cost is known; what the level leaves of the credit goes one
// run each to busy attachments in turn, so none starves when the credit is below a run each.
// Arrivals that do not run are estimated (catch-up.ts, estimate()): counted in run_cnt and
// run_time_ns at the program's measured cost.

/**
 * The level: each attachment runs max(floor, min(demand, level)) of its arrivals. The largest
 * level whose total fits `budget`; Infinity when every demand fits; 0 when only the floors do (or
 * not even they: floors are always granted).
 */
export function fairLevel(demands: readonly number[], floors: readonly number[], budget: number): number {
	const total = (level: number) => {
		let sum = 0;
		for (let i = 0; i < demands.length; i++) sum += Math.max(floors[i]!, Math.min(demands[i]!, level));
		return sum;
	};

	let high = 0;
	for (const demand of demands) high = Math.max(high, demand);
	if (total(high) <= budget) return Number.POSITIVE_INFINITY;
	// total(low) ≤ budget < total(high), or low = 0 when even the floors overspend.
	let low = 0;
	while (high - low > 1) {
		const mid = (low + high) >>> 1;
		if (total(mid) <= budget) low = mid;
		else high = mid;
	}

	return low;
}

/**
 * Writes into `admitted` how many of each attachment's arrivals run: max(floor, min(demand, level))
 * at the fair level, plus one for attachments that could take more, in turn from `turn`, while the
 * credit lasts. Returns where the turn stops (the next catch-up starts there).
 */
export function share(demands: readonly number[], floors: readonly number[], budget: number, turn: number, admitted: number[]): number {
	const n = demands.length;
	const level = fairLevel(demands, floors, budget);
	let left = budget;
	for (let i = 0; i < n; i++) {
		admitted[i] = Math.max(floors[i]!, Math.min(demands[i]!, level));
		left -= admitted[i]!;
	}

	if (level === Number.POSITIVE_INFINITY || n === 0) return turn;
	let i = turn % n;
	// Fewer than one more run each is left (else the level would be higher): one loop at most.
	for (let seen = 0; seen < n && left > 0; seen++, i = (i + 1) % n) {
		if (demands[i]! > admitted[i]!) {
			admitted[i]!++;
			left--;
		}
	}

	return i;
}

export class RunCredit {
	private credit: number;

	/** `perSecond` interpreted runs per simulated second; the warm-up gets `warmUp` (one second's worth unless said). */
	constructor(private readonly perSecond: number, warmUp = perSecond) {
		this.credit = warmUp;
	}

	/** Credit after `seconds` of simulated time (not counting warm-up history), capped at two seconds' worth. */
	accrue(seconds: number): number {
		this.credit = Math.min(this.credit + this.perSecond * seconds, 2 * this.perSecond);
		return this.credit;
	}

	/** Runs spent; floors may overspend, which later catch-ups repay. */
	spend(runs: number): void {
		this.credit -= runs;
	}
}
