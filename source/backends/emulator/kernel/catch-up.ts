// The events of one catch-up: how many arrive at each attachment (Poisson at its rate), how many of
// them the interpreter runs (the per-program cap and the run budget, run-budget.ts), the order
// they run in (time, then attachment), and the estimate for the arrivals that do not run.
import {Prng, hashString} from '../prng.js';
import type {LiveAttachment} from './attachments.js';
import {poisson} from './poisson.js';
import type {LoadedProgram} from './program.js';
import {RunCredit, share} from './run-budget.js';

/** One attachment's stream of events: its own PRNG, so programs do not shift each other's draws. */
export type EventSource = {
	readonly program: LoadedProgram;
	readonly attachment: LiveAttachment;
	readonly prng: Prng;
	/** Scratch for the current catch-up: arrivals, and how many of them are interpreted. */
	arrivals: number;
	admitted: number;
};

/** Runs one admitted arrival of `source`, `offsetNs` into the catch-up's window. */
export type RunEvent = (source: EventSource, offsetNs: number) => void;

export type CatchUpOptions = {
	readonly seed: number;
	/** Interpreted runs per program per catch-up at most. */
	readonly runCap: number;
	/** Interpreted runs per simulated second across all programs (a credit, run-budget.ts). */
	readonly runBudget: number;
	/** The credit of the first catch-up, which simulates the warm-up history (default runBudget). */
	readonly warmUpRuns?: number;
};

export class CatchUp {
	readonly sources: EventSource[] = [];
	private readonly runCap: number;
	private readonly credit: RunCredit;
	/** Jitter for estimated run time: its own stream, so estimating never shifts a run's draws. */
	private readonly estimatePrng: Prng;
	private readonly usedByProgram = new Map<number, number>();
	private keyBuffer = new Float64Array(1024);
	/** admit()'s per-source figures, made again only when sources are added: every query catches up, so these were three arrays of n per query. */
	private demands: number[] = [];
	private floors: number[] = [];
	private admittedBySource: number[] = [];
	/** Where the next catch-up starts handing out what the fair level leaves of the credit. */
	private turn = 0;

	constructor(options: CatchUpOptions) {
		this.runCap = Math.max(1, options.runCap);
		this.credit = new RunCredit(options.runBudget, options.warmUpRuns ?? options.runBudget);
		this.estimatePrng = new Prng(hashString('estimate') ^ options.seed);
	}

	/**
	 * Simulates `span` ns of events: the admitted ones through `run`, in time order, the others
	 * estimated. `realSeconds` is the part of the span that is not warm-up history (it earns credit);
	 * `history` says the span reaches into that history, whose runs are all paid from the credit.
	 */
	simulate(span: number, realSeconds: number, history: boolean, run: RunEvent): void {
		const sources = this.sources;
		const n = sources.length;
		// Each event is one number, at × n + source: sorting them numerically orders by time, then
		// by source, with no object per event (span ≤ 10 s, so this stays exact below 2^53).
		if (span * n >= Number.MAX_SAFE_INTEGER) throw new Error(`too many event sources (${n})`);
		const admitted = this.admit(span, this.credit.accrue(realSeconds), !history);
		this.credit.spend(admitted);
		const keys = this.eventKeys(admitted);
		let k = 0;
		for (let index = 0; index < n; index++) {
			const source = sources[index]!;
			for (let i = source.admitted; i > 0; i--) keys[k++] = Math.floor(source.prng.float() * span) * n + index;
		}

		const events = keys.subarray(0, k).sort();
		for (let e = 0; e < events.length; e++) {
			const key = events[e]!;
			const index = key % n;
			run(sources[index]!, (key - index) / n);
		}

		// After the runs, so this catch-up's measured cost informs the estimate.
		for (let i = 0; i < n; i++) {
			const source = sources[i]!;
			if (source.arrivals > source.admitted) this.estimate(source.program, source.arrivals - source.admitted);
		}
	}

	/** Draws each source's arrivals and decides how many run; returns the total admitted. */
	private admit(span: number, credit: number, firstRuns: boolean): number {
		const sources = this.sources;
		const n = sources.length;
		if (this.demands.length !== n) {
			this.demands = new Array<number>(n).fill(0);
			this.floors = new Array<number>(n).fill(0);
			this.admittedBySource = new Array<number>(n).fill(0);
		}

		const {demands, floors} = this;
		// Without a per-program cap (the default) there is nothing to count per program.
		const capped = this.runCap < Number.MAX_SAFE_INTEGER;
		if (capped) this.usedByProgram.clear();
		for (let i = 0; i < n; i++) {
			const source = sources[i]!;
			const arrivals = poisson(source.prng, (source.attachment.rate * span) / 1e9);
			source.arrivals = arrivals;
			let demand = arrivals;
			if (capped) {
				const id = source.program.id;
				const used = this.usedByProgram.get(id) ?? 0;
				demand = Math.max(0, Math.min(arrivals, this.runCap - used));
				this.usedByProgram.set(id, used + demand);
			}

			demands[i] = demand;
			// A program that has never run gets one run, so its cost can be estimated (in the warm-up
			// only if the credit reaches it: 1,000 first runs would hold up the first frame).
			floors[i] = firstRuns && demand > 0 && source.program.stats.interpreted === 0 ? 1 : 0;
		}

		const admitted = this.admittedBySource;
		this.turn = share(demands, floors, credit, this.turn, admitted);
		let total = 0;
		for (let i = 0; i < n; i++) {
			sources[i]!.admitted = admitted[i]!;
			total += admitted[i]!;
		}

		return total;
	}

	/**
	 * `count` runs that were not interpreted: counted at the program's mean interpreted cost (jittered
	 * like a sum of that many runs), faulting in the proportion its interpreted runs did.
	 */
	private estimate(program: LoadedProgram, count: number): void {
		const stats = program.stats;
		const mean = stats.interpreted > 0 ? stats.interpretedTimeNs / stats.interpreted : 20 + 1.2 * program.vm.length;
		const jitter = 1 + ((this.estimatePrng.float() - 0.5) * 0.3) / Math.sqrt(count);
		stats.runCnt += count;
		stats.estimated += count;
		stats.runTimeNs += Math.max(count, Math.round(count * mean * jitter));
		if (stats.interpretedErrors > 0) stats.errors += Math.round((count * stats.interpretedErrors) / stats.interpreted);
	}

	/** A reusable buffer for at least `count` event keys. */
	private eventKeys(count: number): Float64Array {
		if (this.keyBuffer.length < count) this.keyBuffer = new Float64Array(Math.max(count, this.keyBuffer.length * 2));
		return this.keyBuffer;
	}
}
