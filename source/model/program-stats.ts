// The stats formulas, in one place, as bpftop computes them from two samples of a program.

export type RunCounters = {
	readonly run_cnt?: number;
	readonly run_time_ns?: number;
};

export type ProgramStats = {
	/** Runs per second over the interval. */
	readonly eventsPerSec: number;
	/** Average nanoseconds per run over the interval (0 when it did not run). */
	readonly avgRuntimeNs: number;
	/** Share of one CPU spent in the program over the interval, in percent. */
	readonly cpuPercent: number;
};

export const noStats: ProgramStats = {eventsPerSec: 0, avgRuntimeNs: 0, cpuPercent: 0};

/**
 * events/s = Δrun_cnt / Δt; average = Δrun_time_ns / Δrun_cnt; CPU % = Δrun_time_ns / Δt_ns × 100.
 * A counter that went backwards (a program reloaded under the same id, stats reset) counts as no runs.
 */
export function programStats(previous: RunCounters | undefined, current: RunCounters, dtNs: number): ProgramStats {
	if (!previous || dtNs <= 0) return noStats;
	const runs = delta(previous.run_cnt, current.run_cnt);
	const timeNs = delta(previous.run_time_ns, current.run_time_ns);
	// Most programs did not run: the one shared object says so (and lets a row be kept as it was).
	if (runs === 0 && timeNs === 0) return noStats;
	return {
		eventsPerSec: (runs * 1e9) / dtNs,
		avgRuntimeNs: runs > 0 ? timeNs / runs : 0,
		cpuPercent: (timeNs / dtNs) * 100,
	};
}

/**
 * bpftool omits run_cnt and run_time_ns while run_time_ns is 0: a program that had not yet run
 * when stats came on is absent from the first sample, and absent means 0 (its first runs count).
 */
function delta(before = 0, after = 0): number {
	return after < before ? 0 : after - before;
}
