// Fills `pids` into bpftool's answers where bpftool (built without skeletons) left them out: programs,
// maps and links get the processes holding them, perf show's entries the command of their pid.
// Scanning every descriptor of every process is not free (~40 ms at 1,000 processes here,
// bench/holders.ts), so a scan is kept while no program, map or link comes or goes, for at most
// `holderScanMaxAgeMs`, and even a busy machine with ids churning gets at most one scan per
// `holderScanMinAgeMs`. In between, holders whose process has exited are dropped at once.
import {existsSync} from 'node:fs';
import type {Command, CommandOutput} from '../backend.js';
import {commOf, scanHolders, type Holder, type HolderScan} from './holders.js';

/** A process that takes a program over without any id changing shows up within this long. */
export const holderScanMaxAgeMs = 30_000;
/** New programs' holders show up within this long, however fast ids churn. */
export const holderScanMinAgeMs = 2000;

type Entry = Record<string, unknown>;
type Kind = 'programs' | 'maps' | 'links';

const kinds: Record<string, Kind> = {prog: 'programs', map: 'maps', link: 'links'};

function kindOf(command: Command): Kind | undefined {
	return command[1] === 'show' || command[1] === 'list' ? kinds[command[0]!] : undefined;
}

const isEntry = (value: unknown): value is Entry => typeof value === 'object' && value !== null && !Array.isArray(value);

export type PidFiller = (outputs: readonly CommandOutput[]) => CommandOutput[];

export type PidFillerOptions = {
	readonly scan?: () => HolderScan;
	readonly nowMs?: () => number;
	readonly maxAgeMs?: number;
	readonly minAgeMs?: number;
	/** Whether a process still exists (default: /proc/<pid> is there). */
	readonly alive?: (pid: number) => boolean;
};

export function pidFiller(options: PidFillerOptions = {}): PidFiller {
	const scan = options.scan ?? (() => scanHolders());
	const nowMs = options.nowMs ?? (() => performance.now());
	const maxAgeMs = options.maxAgeMs ?? holderScanMaxAgeMs;
	const minAgeMs = options.minAgeMs ?? holderScanMinAgeMs;
	const alive = options.alive ?? ((pid: number) => existsSync(`/proc/${pid}`));
	let last: {scan: HolderScan; ids: string; atMs: number} | undefined;

	function holders(outputs: readonly CommandOutput[]): HolderScan {
		const ids = outputs
			.map(({command, output}) => (kindOf(command) && Array.isArray(output) ? `${command[0]}:${output.map(entry => (isEntry(entry) ? entry['id'] : '')).join(',')}` : ''))
			.join(' ');
		const now = nowMs();
		const age = last === undefined ? Number.POSITIVE_INFINITY : now - last.atMs;
		// New or vanished objects, or an old scan: look again.
		if (!last || age > maxAgeMs || (last.ids !== ids && age >= minAgeMs)) {
			last = {scan: scan(), ids, atMs: now};
			return last.scan;
		}

		// Kept pruned: the next refresh starts from what is left (and fills in the same entries again).
		last.scan = withoutExited(last.scan, alive);
		return last.scan;
	}

	return outputs => {
		if (!outputs.some(({command}) => kindOf(command) !== undefined || (command[0] === 'perf' && command[1] === 'show'))) return [...outputs];
		const found = holders(outputs);
		return outputs.map(({command, output}) => {
			const kind = kindOf(command);
			if (kind) return {command, output: withPids(output, found[kind])};
			if (command[0] === 'perf' && command[1] === 'show' && Array.isArray(output)) return {command, output: output.map(entry => withComm(entry, found))};
			return {command, output};
		});
	};
}

/**
 * The entry last filled in, with the holders it was filled from: while neither changes (the listing
 * cache answers the same object, the scan is kept), the filled entry is the same object too.
 */
const filled = new WeakMap<Entry, {readonly holders: readonly Holder[]; readonly entry: Entry}>();

/** Entries that already name their holders (a bpftool with skeletons) keep bpftool's. */
function withPids(output: unknown, holders: ReadonlyMap<number, readonly Holder[]>): unknown {
	const fill = (entry: unknown): unknown => {
		if (!isEntry(entry) || entry['pids'] !== undefined || typeof entry['id'] !== 'number') return entry;
		const found = holders.get(entry['id']);
		if (!found) return entry;
		const last = filled.get(entry);
		if (last?.holders === found) return last.entry;
		const result = {...entry, pids: found.map(({pid, comm}) => ({pid, comm}))};
		filled.set(entry, {holders: found, entry: result});
		return result;
	};

	return Array.isArray(output) ? output.map(fill) : fill(output);
}

function withComm(entry: unknown, found: HolderScan): unknown {
	if (!isEntry(entry) || typeof entry['pid'] !== 'number' || entry['comm'] !== undefined) return entry;
	const comm = found.comms.get(entry['pid']) ?? commOf(entry['pid']);
	return comm === '' ? entry : {...entry, comm};
}

/** The scan without processes that have exited since (a few stat calls, not a scan). */
function withoutExited(found: HolderScan, alive: (pid: number) => boolean): HolderScan {
	const gone = new Set([...found.comms.keys()].filter(pid => !alive(pid)));
	if (gone.size === 0) return found;
	const prune = (table: ReadonlyMap<number, readonly Holder[]>) =>
		new Map([...table].map(([id, holders]) => [id, holders.filter(holder => !gone.has(holder.pid))] as const).filter(([, holders]) => holders.length > 0));
	return {...found, programs: prune(found.programs), maps: prune(found.maps), links: prune(found.links), comms: new Map([...found.comms].filter(([pid]) => !gone.has(pid)))};
}
