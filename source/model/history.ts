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

/** Each item's value pushed onto its id's history; ids not among `items` are dropped. */
export function pushHistory<Item>(
	previous: ReadonlyMap<number, History>,
	items: Iterable<Item>,
	idOf: (item: Item) => number,
	valueOf: (item: Item) => number,
	length = historyLength,
): Map<number, History> {
	const next = new Map<number, History>();
	// Ids that vanished are dropped: their history must not come back under a reused id.
	for (const item of items) {
		const id = idOf(item);
		next.set(id, (previous.get(id) ?? History.empty).push(valueOf(item), length));
	}

	return next;
}
