// The pure half of the listing cache: which commands it answers, when a remembered bpftool listing
// still describes the kernel, and how fresh counters are written into it the way bpftool prints
// them. Between two refreshes almost nothing but the run counters changes, and re-listing 100
// programs costs a bpftool child ~10 ms of CPU; checking that nothing else changed costs a few
// syscalls per object.
import type {Command} from '../backend.js';
import type {ProgramCounters} from './bpf-syscall.js';

export type ShowKind = 'prog' | 'map';

/** One object of a `prog show` / `map show` list, as bpftool printed it. */
export type ShowEntry = Readonly<Record<string, unknown>> & {readonly id: number};

/** The program and map ids at one moment (GET_NEXT_ID walks), ascending. */
export type IdSnapshot = {readonly prog: readonly number[]; readonly map: readonly number[]};

/** A real bpftool listing, kept while the ids it was taken among stay the same. */
export type Listing = {
	readonly entries: readonly ShowEntry[];
	/** Both id sets when it was taken: a program load can change a map's answer (frozen, owner) and the reverse. */
	readonly ids: IdSnapshot;
	readonly takenAtMs: number;
};

/**
 * A listing older than this is taken again even when no id changed: what the cache does not patch
 * (pinned paths, the processes holding fds, a map frozen by hand) is never staler than this. Those
 * change rarely, and each fresh listing costs a fork of the monitor plus bpftool's run (~30 ms of
 * CPU at 100 programs): every 5 s that was a third of the monitor's CPU per refresh.
 */
export const maxListingAgeMs = 30_000;

/** Only the plain listings: `prog show id 5` and the like still go to bpftool. */
export function showKind(command: Command): ShowKind | undefined {
	if (command.length !== 2 || command[1] !== 'show') return undefined;
	return command[0] === 'prog' || command[0] === 'map' ? command[0] : undefined;
}

/** The entries of a listing bpftool answered; undefined for an error or any other shape (never cached). */
export function listingEntries(output: unknown): ShowEntry[] | undefined {
	if (!Array.isArray(output)) return undefined;
	for (const entry of output as unknown[]) {
		if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
		const {id} = entry as {id?: unknown};
		if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0) return undefined;
	}

	return output as ShowEntry[];
}

export function sameIds(a: readonly number[], b: readonly number[]): boolean {
	if (a.length !== b.length) return false;
	for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
	return true;
}

/** The listing may answer now: the same programs and maps exist, and it is young enough. */
export function listingUsable(listing: Listing, now: IdSnapshot, nowMs: number, maxAgeMs = maxListingAgeMs): boolean {
	const age = nowMs - listing.takenAtMs;
	return age >= 0 && age < maxAgeMs && sameIds(listing.ids.prog, now.prog) && sameIds(listing.ids.map, now.map);
}

/** The ids the entries describe, in the order bpftool printed them (ascending, as it walks them). */
export function entryIds(entries: readonly ShowEntry[]): number[] {
	return entries.map(entry => entry.id);
}

const counterKeys = new Set(['run_time_ns', 'run_cnt', 'recursion_misses']);

/**
 * The program's entry with fresh counters, by bpftool's own rule (prog.c, print_prog_header_json):
 * run_time_ns and run_cnt only when run_time_ns is not 0, recursion_misses only when it is not 0,
 * right after gpl_compatible. Undefined when the entry no longer describes the program: another id,
 * or a different number of maps (BPF_PROG_BIND_MAP after load), or not bpftool's shape.
 */
export function withCounters(entry: ShowEntry, counters: ProgramCounters): ShowEntry | undefined {
	if (entry.id !== counters.id) return undefined;
	const mapIds = entry.map_ids;
	const listedMaps = Array.isArray(mapIds) ? mapIds.length : mapIds === undefined ? 0 : -1;
	if (listedMaps !== counters.mapCount) return undefined;
	if (!('gpl_compatible' in entry)) return undefined;

	const patched: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(entry)) {
		if (counterKeys.has(key)) continue;
		patched[key] = value;
		if (key !== 'gpl_compatible') continue;
		if (counters.runTimeNs !== 0) {
			patched.run_time_ns = counters.runTimeNs;
			patched.run_cnt = counters.runCnt;
		}

		if (counters.recursionMisses !== 0) patched.recursion_misses = counters.recursionMisses;
	}

	return patched as ShowEntry;
}

/**
 * Map types whose bytes_memlock (the kernel's map_mem_usage) is fixed at creation. Any other type,
 * and a hash created with BPF_F_NO_PREALLOC, grows with its entries: its memlock is read again from
 * fdinfo on every cached answer. Types not listed here (new ones included) are read, to be safe.
 */
const fixedMemlockTypes = new Set([
	'array',
	'percpu_array',
	'prog_array',
	'perf_event_array',
	'cgroup_array',
	'array_of_maps',
	'lru_hash',
	'lru_percpu_hash',
	'stack_trace',
	'queue',
	'stack',
	'bloom_filter',
	'ringbuf',
	'user_ringbuf',
]);
const preallocatedWhenFlagged = new Set(['hash', 'percpu_hash', 'hash_of_maps']);
const BPF_F_NO_PREALLOC = 1;

/**
 * Whether the map's entry can change while its id stays: memory that grows with entries, or a
 * program array whose owner (the type of the first program to use it) is not set yet.
 */
export function mapNeedsFdinfo(entry: ShowEntry): boolean {
	const {type, flags} = entry;
	if (type === 'prog_array' && !('owner_prog_type' in entry)) return true;
	if (typeof type !== 'string') return true;
	if (fixedMemlockTypes.has(type)) return false;
	if (preallocatedWhenFlagged.has(type)) return typeof flags !== 'number' || (flags & BPF_F_NO_PREALLOC) !== 0;
	return true;
}

/**
 * The map's entry with bytes_memlock and frozen as its fdinfo says now (bpftool prints both from
 * there). Undefined when the entry no longer describes the map: another id, or a program array that
 * has found an owner since (bpftool would print owner_prog_type and owner_jited).
 */
export function withFdinfo(entry: ShowEntry, fdinfo: ReadonlyMap<string, string>): ShowEntry | undefined {
	if (fdinfo.get('map_id') !== String(entry.id)) return undefined;
	if (entry.type === 'prog_array' && !('owner_prog_type' in entry) && fdinfo.has('owner_prog_type')) return undefined;
	const memlock = fdinfo.get('memlock');
	if ((memlock !== undefined) !== ('bytes_memlock' in entry)) return undefined;
	const bytes = memlock === undefined ? undefined : Number.parseInt(memlock, 10);
	const frozen = Number.parseInt(fdinfo.get('frozen') ?? '0', 10);
	if (Number.isNaN(bytes) || Number.isNaN(frozen)) return undefined;
	const patched: Record<string, unknown> = {...entry};
	if (bytes !== undefined) patched.bytes_memlock = bytes;
	if ('frozen' in entry) patched.frozen = frozen;
	return patched as ShowEntry;
}
