// Draws frames (lines of styled text) on a full-screen terminal, writing only the cells that
// changed since the last frame — the way curses does it — so an idle monitor stays quiet.
import {parseRow, parseUniformRow, rowChars, type Row, type StyleDepth, type StyleKey} from './sgr.js';
import {asciiFallback} from '../ui/glyphs.js';
import {applyMove, planMoves} from './line-moves.js';

export type FrameWriterOptions = {
	readonly write: (data: string) => void;
	readonly columns: number;
	readonly rows: number;
	/** What of the styles reaches the terminal (NO_COLOR keeps bold and inverse, TERM=dumb nothing). */
	readonly depth: StyleDepth;
	/** Replace every non-ASCII character (--ascii, TERM=dumb). */
	readonly ascii: boolean;
	/**
	 * 'diff': cursor-addressed updates of the changed cells. 'append': a terminal that cannot move the
	 * cursor (TERM=dumb) gets each changed frame printed whole, below the last.
	 */
	readonly mode: 'diff' | 'append';
};

export type FrameWriter = {
	/** Draws this frame (lines joined by '\n', as Ink renders them). */
	draw(frame: string): void;
	/** The terminal changed size: the next frame repaints everything. */
	resize(columns: number, rows: number): void;
	/** Forget what is on screen (it was cleared or overwritten): the next frame repaints everything. */
	invalidate(): void;
};

const csi = '\u001B[';
const blankRow = (columns: number): Row => ({chars: Array.from({length: columns}, () => ' '), styles: Array.from({length: columns}, () => ''), opaque: false});

/** Changed cells this close are written together: three cells cost less than a cursor move (4–5 bytes). */
const mergeGap = 3;

export function createFrameWriter(options: FrameWriterOptions): FrameWriter {
	let {columns, rows} = options;
	let screen: Row[] | undefined;
	let lastAppended: string | undefined;

	/** The lines of the frame on screen, so an unchanged line is neither parsed nor compared again. */
	let shownLines: string[] | undefined;

	function linesOf(frame: string): string[] {
		const lines = frame.split('\n').slice(0, rows);
		while (lines.length < rows) lines.push('');
		return lines;
	}

	function toRow(line: string): Row {
		const uniform = options.ascii ? undefined : parseUniformRow(line, options.depth, columns);
		if (uniform !== undefined) return uniform;
		const row = parseRow(line, options.depth);
		if (row.opaque && !options.ascii) return row;
		// Every ASCII character is one cell wide. parseRow's arrays are this row's own: they are cut
		// or padded to the width in place, not copied (~35 new rows a refresh).
		const chars = options.ascii ? row.chars.map(char => asciiFallback(char)) : row.chars;
		const {styles} = row;
		chars.length = Math.min(chars.length, columns);
		styles.length = chars.length;
		while (chars.length < columns) {
			chars.push(' ');
			styles.push('');
		}

		return {chars, styles, opaque: false};
	}

	function append(frame: string) {
		const text = linesOf(frame)
			.map(line => rowChars(toRow(line)).trimEnd())
			.join('\n')
			.trimEnd();
		if (text === lastAppended) return;
		lastAppended = text;
		options.write(`${text}\n\n`);
	}

	function draw(frame: string) {
		if (options.mode === 'append') {
			append(frame);
			return;
		}

		const lines = linesOf(frame);
		const out: string[] = [];
		let cursorRow = -1;
		let cursorColumn = -1;
		let style: StyleKey = '';

		if (!screen) {
			out.push(`${csi}m${csi}H${csi}2J`);
			screen = Array.from({length: rows}, () => blankRow(columns));
		} else if (shownLines !== undefined) {
			// Rows that only moved (a sorted table closing up) are moved by the terminal: a scroll
			// region and a delete- or insert-line each, the region reset after the last. New rows come
			// in blank, unstyled (every frame ends with the style reset).
			const moves = planMoves(shownLines, lines);
			for (const move of moves) {
				const count = Math.abs(move.by);
				out.push(`${csi}${move.top + 1};${move.bottom + 1}r${csi}${move.top + 1}H${csi}${count === 1 ? '' : count}${move.by > 0 ? 'M' : 'L'}`);
				shownLines = applyMove(shownLines, move, '');
				screen = applyMove(screen, move, blankRow(columns));
			}

			if (moves.length > 0) out.push(`${csi}r`);
		}

		const unchanged = (index: number) => shownLines?.[index] === lines[index];
		const next = lines.map((line, index) => (unchanged(index) ? screen![index]! : toRow(line)));

		const moveTo = (row: number, column: number) => {
			if (row === cursorRow && column === cursorColumn) return;
			if (row === cursorRow && column > cursorColumn && cursorColumn >= 0) out.push(`${csi}${column - cursorColumn === 1 ? '' : column - cursorColumn}C`);
			else out.push(column === 0 ? `${csi}${row + 1}H` : `${csi}${row + 1};${column + 1}H`);
			cursorRow = row;
			cursorColumn = column;
		};

		const setStyle = (key: StyleKey) => {
			if (key === style) return;
			out.push(key === '' ? `${csi}m` : `${csi}0;${key}m`);
			style = key;
		};

		const writeCells = (row: Row, from: number, to: number) => {
			for (let cell = from; cell < to; cell++) {
				setStyle(row.styles[cell]!);
				out.push(row.chars[cell]!);
			}

			cursorColumn += to - from;
			if (cursorColumn >= columns) cursorRow = -1;
		};

		const eraseFrom = (row: number, column: number) => {
			moveTo(row, column);
			setStyle('');
			out.push(`${csi}K`);
		};

		for (let index = 0; index < rows; index++) {
			if (unchanged(index)) continue;
			const before = screen[index]!;
			const after = next[index]!;
			if (after.opaque) {
				if (before.opaque && rowChars(before) === rowChars(after) && before.styles.join() === after.styles.join()) continue;
				moveTo(index, 0);
				writeCells(after, 0, after.chars.length);
				setStyle('');
				out.push(`${csi}K`);
				// Where the cursor is now depends on character widths we do not know.
				cursorRow = -1;
				continue;
			}

			// Past the last visible cell the row is blank: erase it in one sequence instead of spaces.
			let tail = columns;
			while (tail > 0 && after.chars[tail - 1] === ' ' && after.styles[tail - 1] === '') tail--;
			let cell = 0;
			while (cell < columns) {
				if (!before.opaque && before.chars[cell] === after.chars[cell] && before.styles[cell] === after.styles[cell]) {
					cell++;
					continue;
				}

				// A run of changes, taking in short unchanged gaps.
				let end = cell + 1;
				let gap = 0;
				for (let probe = end; probe < columns && gap <= mergeGap; probe++) {
					const same = !before.opaque && before.chars[probe] === after.chars[probe] && before.styles[probe] === after.styles[probe];
					if (same) gap++;
					else {
						gap = 0;
						end = probe + 1;
					}
				}

				if (cell >= tail) {
					eraseFrom(index, cell);
					break;
				}

				moveTo(index, cell);
				writeCells(after, cell, Math.min(end, tail));
				if (end > tail) {
					eraseFrom(index, tail);
					break;
				}

				cell = end;
			}
		}

		setStyle('');
		screen = next;
		shownLines = lines;
		if (out.length > 0) options.write(out.join(''));
	}

	return {
		draw,
		resize(newColumns, newRows) {
			columns = newColumns;
			rows = newRows;
			screen = undefined;
			shownLines = undefined;
		},
		invalidate() {
			screen = undefined;
			shownLines = undefined;
			lastAppended = undefined;
		},
	};
}
