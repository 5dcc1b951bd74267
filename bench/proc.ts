// What a process costs, read from /proc: CPU time (its threads and its children, bpftool included),
// resident memory and open file descriptors. The parsers are pure; sampleProcess does the reading.
import {readdirSync, readFileSync} from 'node:fs';

/** Fields of /proc/<pid>/stat that the bench needs, in clock ticks. */
export type Stat = {
	readonly utime: number;
	readonly stime: number;
	/** CPU time of children that have exited and been waited for (bpftool after each refresh). */
	readonly cutime: number;
	readonly cstime: number;
};

/**
 * Parses /proc/<pid>/stat. The command name (field 2) is in parentheses and may hold spaces and
 * parentheses itself, so the fields are counted from the last ')'.
 */
export function parseStat(text: string): Stat | undefined {
	const close = text.lastIndexOf(')');
	if (close < 0) return undefined;
	// After ')': state is field 3; utime is field 14, so index 11 of the rest.
	const rest = text.slice(close + 1).trim().split(/\s+/);
	const numbers = [11, 12, 13, 14].map(index => Number(rest[index]));
	if (numbers.some(value => !Number.isSafeInteger(value))) return undefined;
	const [utime, stime, cutime, cstime] = numbers as [number, number, number, number];
	return {utime, stime, cutime, cstime};
}

/** The first field of /proc/<pid>/task/<tid>/schedstat: time spent on a CPU, in nanoseconds. */
export function parseSchedstat(text: string): number | undefined {
	const value = Number(text.trim().split(/\s+/)[0]);
	return text.trim() !== '' && Number.isFinite(value) ? value : undefined;
}

/** VmRSS from /proc/<pid>/status, in kB. */
export function parseRssKb(text: string): number | undefined {
	const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(text);
	return match ? Number(match[1]) : undefined;
}

export type ProcessSample = {
	/** Wall time of the sample (performance.now(), ms). */
	readonly atMs: number;
	/** CPU time of the process and its descendants so far, in ns. */
	readonly cpuNs: number;
	/** The part of cpuNs spent in children (bpftool for the monitor). */
	readonly childCpuNs: number;
	readonly rssKb: number;
	readonly fds: number;
};

const tickNs = 1e9 / 100; // USER_HZ is 100 on every Linux ABI Node runs on.

function read(path: string): string | undefined {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return undefined;
	}
}

function list(path: string): string[] {
	try {
		return readdirSync(path);
	} catch {
		return [];
	}
}

/** CPU of the process's own threads: schedstat is exact to the ns, where stat counts 10 ms ticks. */
function threadsNs(pid: number, stat: Stat): number {
	let total = 0;
	let complete = true;
	for (const tid of list(`/proc/${pid}/task`)) {
		const ns = parseSchedstat(read(`/proc/${pid}/task/${tid}/schedstat`) ?? '');
		if (ns === undefined) complete = false;
		else total += ns;
	}

	// Without schedstat (CONFIG_SCHED_INFO off), fall back to ticks.
	return complete && total > 0 ? total : (stat.utime + stat.stime) * tickNs;
}

function childPids(pid: number): number[] {
	return list(`/proc/${pid}/task`).flatMap(tid =>
		(read(`/proc/${pid}/task/${tid}/children`) ?? '')
			.split(/\s+/)
			.filter(Boolean)
			.map(Number),
	);
}

/** Children's CPU: the ones reaped (cutime/cstime) plus the ones still running, recursively. */
function childrenNs(pid: number, stat: Stat): number {
	let total = (stat.cutime + stat.cstime) * tickNs;
	for (const child of childPids(pid)) {
		const childStat = parseStat(read(`/proc/${child}/stat`) ?? '');
		if (childStat) total += threadsNs(child, childStat) + childrenNs(child, childStat);
	}

	return total;
}

/** One sample of a live process; undefined once it has gone. */
export function sampleProcess(pid: number): ProcessSample | undefined {
	const atMs = performance.now();
	const stat = parseStat(read(`/proc/${pid}/stat`) ?? '');
	const rssKb = parseRssKb(read(`/proc/${pid}/status`) ?? '');
	if (!stat || rssKb === undefined) return undefined;
	const childCpuNs = childrenNs(pid, stat);
	return {atMs, cpuNs: threadsNs(pid, stat) + childCpuNs, childCpuNs, rssKb, fds: list(`/proc/${pid}/fd`).length};
}
