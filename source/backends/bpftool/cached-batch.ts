// Answers `prog show` and `map show` from the last real bpftool listing while it still describes the
// kernel (show-cache.ts says when), with the run counters read fresh through bpf(2); every other
// command goes to one bpftool batch as before. When every command is answered here, no bpftool
// process starts at all. Any doubt — a failed syscall, an id that came or went, an entry that no
// longer fits — means asking bpftool, and only a well-formed listing is ever kept.
import type {Command, CommandOutput, RunScope} from '../backend.js';
import type {BpfSyscalls} from './bpf-syscall.js';
import {runBatch, type RunOptions} from './run-batch.js';
import {
	entryIds,
	listingEntries,
	listingUsable,
	mapNeedsFdinfo,
	maxListingAgeMs,
	sameIds,
	showKind,
	withCounters,
	withFdinfo,
	type IdSnapshot,
	type Listing,
	type ShowEntry,
	type ShowKind,
} from './show-cache.js';

export type BatchRunner = (commands: readonly Command[], options: RunOptions) => Promise<CommandOutput[]>;

export type CachedBatchOptions = {
	/** The bpf(2) calls; without them every command goes to bpftool. */
	readonly syscalls?: BpfSyscalls;
	/** What answers the commands the cache cannot (tests pass a fake). */
	readonly runBatch?: BatchRunner;
	readonly nowMs?: () => number;
	readonly maxAgeMs?: number;
};

/** The ids walked now, and the answer the cache has for each command (undefined where bpftool must answer). */
type Lookup = {readonly ids: IdSnapshot; readonly answers: ReadonlyArray<CommandOutput | undefined>};

export function cachedBatch(options: CachedBatchOptions = {}): BatchRunner {
	const {syscalls} = options;
	const run = options.runBatch ?? runBatch;
	const nowMs = options.nowMs ?? (() => performance.now());
	const maxAgeMs = options.maxAgeMs ?? maxListingAgeMs;
	// By kind and by -f: with pinned paths the answer has a `pinned` field the other lacks.
	const listings = new Map<string, Listing>();

	return async (commands, runOptions) => {
		const kinds = commands.map(command => showKind(command));
		// Program ids are global, but a batch in another namespace is rare and not worth a doubt.
		if (syscalls === undefined || runOptions.scope?.netns !== undefined || runOptions.signal?.aborted || kinds.every(kind => kind === undefined)) {
			return run(commands, runOptions);
		}

		const now = nowMs();
		const found = lookUp(syscalls, commands, kinds, runOptions.scope, now);
		if (found === undefined) {
			listings.clear();
			return run(commands, runOptions);
		}

		const {ids, answers} = found;
		const missing = commands.filter((_, index) => answers[index] === undefined);
		if (missing.length === 0) return answers as CommandOutput[];

		const outputs = await run(missing, runOptions);
		let next = 0;
		return commands.map((command, index) => {
			const cached = answers[index];
			if (cached !== undefined) return cached;
			const answer = outputs[next++] ?? {command, output: {error: 'bpftool answered nothing'}};
			const kind = kinds[index];
			if (kind !== undefined) remember(listings, listingKey(kind, runOptions.scope), kind, answer.output, ids, now);
			return answer;
		});
	};

	/** The ids now and what the cache can answer (undefined where it cannot); undefined when the walks fail. */
	function lookUp(syscalls: BpfSyscalls, commands: readonly Command[], kinds: ReadonlyArray<ShowKind | undefined>, scope: RunScope | undefined, now: number): Lookup | undefined {
		try {
			const ids = walkIds(syscalls);
			if (ids === undefined) return undefined;
			const answers = commands.map((command, index): CommandOutput | undefined => {
				const kind = kinds[index];
				if (kind === undefined) return undefined;
				const key = listingKey(kind, scope);
				const listing = listings.get(key);
				if (listing === undefined || !listingUsable(listing, ids, now, maxAgeMs)) return undefined;
				const entries = answerFrom(listing, kind, syscalls);
				if (entries === undefined) listings.delete(key);
				return entries === undefined ? undefined : {command, output: entries};
			});
			return {ids, answers};
		} catch {
			// The cache only saves work: whatever went wrong in it, bpftool answers instead.
			return undefined;
		}
	}
}

function listingKey(kind: ShowKind, scope: RunScope | undefined): string {
	return `${kind}${scope?.pinned ? ' -f' : ''}`;
}

function walkIds(syscalls: BpfSyscalls): IdSnapshot | undefined {
	const prog = syscalls.progIds();
	if ('error' in prog) return undefined;
	const map = syscalls.mapIds();
	if ('error' in map) return undefined;
	return {prog, map};
}

/**
 * Keeps bpftool's answer when it lists exactly the ids walked just before it ran; an error, another
 * shape, or an object that came or went meanwhile is not kept (the next refresh asks bpftool again).
 */
function remember(listings: Map<string, Listing>, key: string, kind: ShowKind, output: unknown, ids: IdSnapshot, takenAtMs: number): void {
	const entries = listingEntries(output);
	if (entries !== undefined && sameIds(entryIds(entries), ids[kind])) listings.set(key, {entries, ids, takenAtMs});
	else listings.delete(key);
}

/** The listing with what changed since it was taken patched in, or undefined when it no longer fits. */
function answerFrom(listing: Listing, kind: ShowKind, syscalls: BpfSyscalls): ShowEntry[] | undefined {
	const answer: ShowEntry[] = [];
	for (const entry of listing.entries) {
		const patched = kind === 'prog' ? programNow(entry, syscalls) : mapNow(entry, syscalls);
		if (patched === undefined) return undefined;
		answer.push(patched);
	}

	return answer;
}

/**
 * The answer last made from each listed entry, with what was read for it (counters, fdinfo) as text:
 * while that reads the same, the answer is the same object, not an equal copy, so everything after
 * the backend sees at once that nothing changed (most programs do not run between two refreshes).
 */
const lastAnswers = new WeakMap<ShowEntry, {readonly reading: string; readonly answer: ShowEntry}>();

function keptAnswer(entry: ShowEntry, reading: string, make: () => ShowEntry | undefined): ShowEntry | undefined {
	const last = lastAnswers.get(entry);
	if (last?.reading === reading) return last.answer;
	const answer = make();
	if (answer !== undefined) lastAnswers.set(entry, {reading, answer});
	return answer;
}

function programNow(entry: ShowEntry, syscalls: BpfSyscalls): ShowEntry | undefined {
	const counters = syscalls.progCounters(entry.id);
	if ('error' in counters) return undefined;
	const reading = `${counters.runTimeNs} ${counters.runCnt} ${counters.recursionMisses} ${counters.mapCount}`;
	return keptAnswer(entry, reading, () => withCounters(entry, counters));
}

function mapNow(entry: ShowEntry, syscalls: BpfSyscalls): ShowEntry | undefined {
	// Most maps (arrays, preallocated hashes) print nothing that changes: no syscall for them.
	if (!mapNeedsFdinfo(entry)) return entry;
	const fdinfo = syscalls.mapFdinfo(entry.id);
	if ('error' in fdinfo) return undefined;
	// What withFdinfo reads of it.
	const reading = `${fdinfo.get('map_id')} ${fdinfo.get('memlock')} ${fdinfo.get('frozen')} ${fdinfo.has('owner_prog_type')}`;
	return keptAnswer(entry, reading, () => withFdinfo(entry, fdinfo));
}
