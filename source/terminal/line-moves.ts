// Lines that moved up or down between two frames (a sorted table where one row left and the rows
// below it closed up), found so that the terminal can move them itself — a scroll region and one
// insert- or delete-line, ~16 bytes — instead of having every cell of every moved row rewritten.
// curses does the same (its "hash" scrolling optimisation). Pure.

/** Rows top..bottom (0-based, inclusive) move by `by` rows: up when positive, down when negative. */
export type LineMove = {readonly top: number; readonly bottom: number; readonly by: number};

/**
 * Bytes of one move: scroll region, cursor, insert/delete line (the region is reset once, after
 * the last move of a frame).
 */
const moveBytes = 15;
/** Moves per frame at most: a table where every row moved is cheaper redrawn. */
const maxMoves = 8;

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

/**
 * The moves, in order (each applied to the result of the last), that save bytes. Rows are matched
 * old to new in order (a longest common subsequence of the non-blank lines: a sorted table keeps
 * the order of the rows that stayed); each run of matched rows with the same shift is one move.
 * Runs moving up are done top to bottom and runs moving down bottom to top, so that no move
 * overwrites rows a later one still takes: regions of runs in order never hold another's source.
 */
export function planMoves(shown: readonly string[], next: readonly string[]): LineMove[] {
	const rows = Math.min(shown.length, next.length);
	let differing = 0;
	for (let row = 0; row < rows; row++) differing += Number(shown[row] !== next[row]);
	if (differing < 2) return [];
	const runs = shiftedRuns(shown.slice(0, rows), next.slice(0, rows));
	const up = runs.filter(run => run.by > 0);
	const down = runs.filter(run => run.by < 0).reverse();
	const ordered = [...up, ...down];
	// Rows a later move fills cost nothing when an earlier one empties them.
	const filledLater = new Uint8Array(rows);
	for (const run of ordered) for (let row = run.first; row <= run.last; row++) filledLater[row] = 1;
	const moves: LineMove[] = [];
	let current = shown.slice(0, rows);
	for (const run of ordered) {
		for (let row = run.first; row <= run.last; row++) filledLater[row] = 0;
		if (moves.length === maxMoves) break;
		const move: LineMove = run.by > 0 ? {top: run.first, bottom: run.last + run.by, by: run.by} : {top: run.first + run.by, bottom: run.last, by: run.by};
		if (savedBy(current, next, run, move, filledLater) <= 0) continue;
		moves.push(move);
		current = applyMove(current, move, '');
	}

	return moves;
}

/** Rows first..last of the next frame are rows first+by..last+by of the shown one. */
type Run = {readonly first: number; readonly last: number; readonly by: number};

/** The matched rows that moved, in runs of one shift, top to bottom. */
function shiftedRuns(shown: readonly string[], next: readonly string[]): Run[] {
	const rows = shown.length;
	// lengths[i][j]: the longest common subsequence of shown[i..] and next[j..] (blank rows never match).
	const width = rows + 1;
	const lengths = new Uint16Array(width * width);
	for (let i = rows - 1; i >= 0; i--) {
		for (let j = rows - 1; j >= 0; j--) {
			lengths[i * width + j] =
				shown[i] !== '' && shown[i] === next[j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
		}
	}

	const runs: Run[] = [];
	let run: {first: number; last: number; by: number} | undefined;
	for (let i = 0, j = 0; i < rows && j < rows; ) {
		if (shown[i] !== '' && shown[i] === next[j]) {
			const by = i - j;
			if (run && run.by === by && run.last === j - 1) run.last = j;
			else {
				if (run && run.by !== 0) runs.push(run);
				run = {first: j, last: j, by};
			}

			i++;
			j++;
		} else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) i++;
		else j++;
	}

	if (run && run.by !== 0) runs.push(run);
	return runs;
}

/**
 * Bytes a move saves: what its run's rows cost now, less what the rows it empties cost blank (but
 * for those a later move fills), less the move.
 */
function savedBy(current: readonly string[], next: readonly string[], run: Run, move: LineMove, filledLater: Uint8Array): number {
	let saved = -moveBytes;
	for (let row = run.first; row <= run.last; row++) saved += diffBytes(current[row]!, next[row]!);
	// The rows the move leaves blank: below the run when it moves up, above it when it moves down.
	const [from, to] = run.by > 0 ? [run.last + 1, move.bottom] : [move.top, run.first - 1];
	for (let row = from; row <= to; row++) {
		if (filledLater[row] === 0) saved -= (next[row]!.length > 0 ? 8 + next[row]!.length : 0) - diffBytes(current[row]!, next[row]!);
	}

	return saved;
}
