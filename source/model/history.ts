// Bounded histories of a figure per id, for sparklines. Pure from the outside: pushing returns a
// new History and a new map, and an older History keeps showing what it showed.

export const historyLength = 60;

/**
 * The last values of one figure, oldest first. Pushing does not copy them: versions share one
 * append-only array, each seeing its own window of it; only the newest version appends in place
 * (any other copies its window first). At 1,000 programs, copying two histories of 60 values per
 * program on every refresh was ~1 MB of garbage a second that the old generation had to collect.
 */
export class History {
	static readonly empty = new History([], 0, 0);

	private constructor(
		private readonly buffer: number[],
		private readonly start: number,
		readonly length: number,
	) {}

	push(value: number, max = historyLength): History {
		const kept = Math.min(this.length, max - 1);
		const from = this.start + this.length - kept;
		// Append in place only at the shared array's end, and start a fresh array now and then so an
		// old one does not grow without end.
		const inPlace = this.length > 0 && this.buffer.length === this.start + this.length && this.buffer.length < 4 * max;
		const buffer = inPlace ? this.buffer : this.buffer.slice(from, from + kept);
		buffer.push(value);
		return new History(buffer, buffer.length - kept - 1, kept + 1);
	}

	values(): number[] {
		return this.buffer.slice(this.start, this.start + this.length);
	}
}

/**
 * One id's values in a Histories store: `count` of them in a buffer made once, the first pushed at
 * version `start`, the last at `last`.
 */
type Track = {readonly values: Float64Array; count: number; start: number; last: number};

/** Room for this many values; when full, all but the last historyLength - 1 make way. */
const trackCapacity = 2 * historyLength;

function newTrack(version: number): Track {
	return {values: new Float64Array(trackCapacity), count: 0, start: version, last: version};
}

type Store = {readonly tracks: Map<number, Track>; version: number};

/** What Histories.get gives: the values an id had at that version, oldest first. */
export type HistoryView = {readonly length: number; values(): number[]};

/**
 * One figure's histories per id (a model's programs), a version per refresh. Versions share one
 * store: per id a buffer of its last values and the version it started at, so a push makes no object
 * per id (a Map and a History per program each refresh were ~0.1 MB/s of garbage at 1,000
 * programs). Only the newest version pushes in place; pushing from an older one (a branch) copies
 * what that one sees first. An id missing from a push has no history in that version, and one
 * that comes back (a reused id) starts afresh.
 */
export class Histories {
	static readonly empty = new Histories({tracks: new Map(), version: 0}, 0, 0);

	private constructor(
		private readonly store: Store,
		private readonly version: number,
		/** How many ids have a history in this version. */
		readonly size: number,
	) {}

	get(id: number): HistoryView | undefined {
		const track = this.store.tracks.get(id);
		if (track === undefined || track.start > this.version || track.last < this.version) return undefined;
		const end = this.version - track.start + 1;
		// Trimmed away since (a version far older than any shown).
		if (end <= 0) return undefined;
		const from = Math.max(0, end - historyLength);
		return {length: end - from, values: () => Array.from(track.values.subarray(from, end))};
	}

	/** Each item's value pushed onto its id's history. */
	push<Item>(items: Iterable<Item>, idOf: (item: Item) => number, valueOf: (item: Item) => number): Histories {
		const store = this.version === this.store.version ? this.store : this.copy();
		const version = ++store.version;
		let size = 0;
		for (const item of items) {
			const id = idOf(item);
			let track = store.tracks.get(id);
			if (track === undefined || track.last !== version - 1) {
				track = newTrack(version);
				store.tracks.set(id, track);
			}

			// Full: the oldest values go; only versions far older than any shown read them.
			if (track.count === trackCapacity) {
				const kept = historyLength - 1;
				track.values.copyWithin(0, trackCapacity - kept);
				track.start += trackCapacity - kept;
				track.count = kept;
			}

			track.values[track.count++] = valueOf(item);
			track.last = version;
			size++;
		}

		// An id gone this long is forgotten; until then older versions still read it.
		store.tracks.forEach((track, id) => {
			if (track.last < version - historyLength) store.tracks.delete(id);
		});
		return new Histories(store, version, size);
	}

	/** A store of this version's histories alone, for pushing from an older version. */
	private copy(): Store {
		const tracks = new Map<number, Track>();
		for (const id of this.store.tracks.keys()) {
			const values = this.get(id)?.values();
			if (values === undefined) continue;
			const track = newTrack(this.version - values.length + 1);
			track.values.set(values);
			track.count = values.length;
			track.last = this.version;
			tracks.set(id, track);
		}

		return {tracks, version: this.version};
	}
}
