// Lines that moved up or down between two frames (a sorted table where one row left and the rows
// below it closed up), found so that the terminal can move them itself — a scroll region and one
// insert- or delete-line, ~16 bytes — instead of having every cell of every moved row rewritten.
// curses does the same (its "hash" scrolling optimisation). Pure.

/** Rows top..bottom (0-based, inclusive) move by `by` rows: up when positive, down when negative. */
export type LineMove = {readonly top: number; readonly bottom: number; readonly by: number};

/** Farthest a block is looked for: tables shift by a row or two per refresh. */
const maxShift = 4;
/** Bytes of one move: scroll region, cursor, insert/delete line, region reset. */
const moveBytes = 20;
/** Moves per frame at most: each one costs bytes and the search is per move. */
const maxMoves = 4;

/** The screen's lines (or rows) after a move: what leaves the region is gone, what comes in is `blank`. */
export function applyMove<Line>(lines: readonly Line[], move: LineMove, blank: Line): Line[] {
	const result = [...lines];
	for (let row = move.top; row <= move.bottom; row++) {
		const from = row + move.by;
		result[row] = from >= move.top && from <= move.bottom ? lines[from]! : blank;
	}

	return result;
}

/**
 * Bytes the cell diff would write to turn one line into another, roughly: each changed character,
 * and a cursor move per run of them. Rows of one table differ in a few digits, so moving them is
 * worth it only where many rows would each need more than that.
 */
export function diffBytes(from: string, to: string): number {
	if (from === to) return 0;
	let bytes = 0;
	let inRun = false;
	const length = Math.max(from.length, to.length);
	for (let index = 0; index < length; index++) {
		if (from.charCodeAt(index) === to.charCodeAt(index)) {
			inRun = false;
			continue;
		}

		bytes += inRun ? 1 : 9;
		inRun = true;
	}

	return bytes;
}

/** The moves, in order, that save the most bytes (each applied to the result of the last). */
export function planMoves(shown: readonly string[], next: readonly string[]): LineMove[] {
	const moves: LineMove[] = [];
	let differing = 0;
	for (let row = 0; row < next.length; row++) differing += Number(shown[row] !== next[row]);
	if (differing < 2) return moves;
	let current = shown;
	while (moves.length < maxMoves) {
		const best = bestMove(current, next);
		if (best === undefined) break;
		moves.push(best);
		current = applyMove(current, best, '');
	}

	return moves;
}

function bestMove(current: readonly string[], next: readonly string[]): LineMove | undefined {
	const rows = Math.min(current.length, next.length);
	// What each row costs as it is, worked out only for rows a candidate move touches.
	const known: Array<number | undefined> = [];
	const cost = (row: number) => (known[row] ??= diffBytes(current[row]!, next[row]!));
	/** Bytes the rows from..to (inclusive) would cost blank, more than they cost now. */
	const blanked = (from: number, to: number) => {
		let bytes = 0;
		for (let row = from; row <= to; row++) bytes += (next[row]!.length > 0 ? 8 + next[row]!.length : 0) - cost(row);
		return bytes;
	};

	let best: {move: LineMove; saved: number} | undefined;
	for (let by = -maxShift; by <= maxShift; by++) {
		if (by === 0) continue;
		let start = -1;
		let saved = 0;
		for (let row = 0; row <= rows; row++) {
			const from = row + by;
			const matches = row < rows && from >= 0 && from < rows && current[from] === next[row];
			if (matches) {
				if (start < 0) start = row;
				saved += cost(row);
				continue;
			}

			if (start < 0) continue;
			// Rows start..row-1 can be had from `by` rows away; the rows the move empties come in blank.
			const move: LineMove = by > 0 ? {top: start, bottom: row - 1 + by, by} : {top: start + by, bottom: row - 1, by};
			const net = saved - (by > 0 ? blanked(row, Math.min(rows - 1, row - 1 + by)) : blanked(start + by, start - 1)) - moveBytes;
			if (net > 0 && (best === undefined || net > best.saved)) best = {move, saved: net};
			start = -1;
			saved = 0;
		}
	}

	return best?.move;
}
