// Bounded histories of a figure per id, for sparklines. Pure: returns a new map.

export const historyLength = 60;

export function pushHistory(
	previous: ReadonlyMap<number, readonly number[]>,
	values: ReadonlyMap<number, number>,
	length = historyLength,
): Map<number, readonly number[]> {
	const next = new Map<number, readonly number[]>();
	// Ids that vanished are dropped: their history must not come back under a reused id.
	for (const [id, value] of values) {
		const past = previous.get(id) ?? [];
		next.set(id, [...past.slice(Math.max(0, past.length - length + 1)), value]);
	}

	return next;
}
