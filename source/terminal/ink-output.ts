// Stands in for Ink's own `build/output.js` in the bundle (scripts/bundle.mjs routes Ink's import
// here, through fastOutputFor below): the same class and results, at a fraction of the cost. Ink's Output rebuilds every frame cell by
// cell — a styled object per character, ANSI tokenising and string-width per character, and caches
// that die with each frame — which was most of the monitor's CPU per refresh. Here a line of text
// is read into cells once and remembered across frames (most lines do not change between two
// refreshes), ASCII runs skip width measuring, and rows are plain arrays.
//
// What comes out is the same screen, not the same bytes: styles are written as canonical SGR
// parameter lists (sgr.ts), which the frame writer reads back. Hyperlinks (OSC 8) are dropped;
// nothing here draws them.
import process from 'node:process';
import {remember} from './remember.js';
import {graphemes} from './graphemes.js';
import stringWidth, {isNarrowText} from './string-width.js';
import {keyOf, oneStyleText, plain, readEscape, uniformStyles, type StyleKey} from './sgr.js';

type Transformer = (line: string, index: number) => string;
type Clip = {readonly x1?: number; readonly x2?: number; readonly y1?: number; readonly y2?: number};
type Operation =
	| {readonly type: 'write'; readonly x: number; readonly y: number; readonly text: string; readonly transformers: readonly Transformer[]}
	| {readonly type: 'clip'; readonly clip: Clip}
	| {readonly type: 'unclip'};

/** A line read into cells: each character (a grapheme), its style, and how many cells it takes. */
export type Cells = {
	/** As a string when every character is one code unit (a cell each). */
	readonly chars: string | readonly string[];
	readonly styles: readonly StyleKey[];
	/** Absent when every character is one cell wide (the usual case). */
	readonly widths?: readonly number[];
};

// Ink gives every character at least one cell (zero-width ones included).
const cellWidth = (segment: string) => Math.max(1, stringWidth(segment));

/** Reads a line of styled text into cells. */
export function styledCells(line: string): Cells {
	return uniformCells(line) ?? mixedCells(line);
}

/**
 * The usual line (a table row): one-cell characters in one style, kept as its text and a shared row
 * of that style (sgr.ts). cellsOf remembers up to 4096 lines, and two arrays of 8-byte elements cost
 * ~2.4 KB for a 120-column line, this ~0.2 KB.
 */
function uniformCells(line: string): Cells | undefined {
	const one = oneStyleText(line, 'full', isNarrowText);
	return one && {chars: one.text, styles: uniformStyles(one.text.length, one.key)};
}

function mixedCells(line: string): Cells {
	const chars: string[] = [];
	const styles: StyleKey[] = [];
	let widths: number[] | undefined;
	let style = plain();
	let key: StyleKey = '';
	let index = 0;
	while (index < line.length) {
		const read = line.charCodeAt(index) === 0x1b ? readEscape(line, index, style) : undefined;
		if (read) {
			if (read.style !== style) {
				style = read.style;
				key = keyOf(style, 'full');
			}

			index = read.end;
			continue;
		}

		// A run of text up to the next escape.
		let end = line.indexOf('\u001B', index + 1);
		if (end === -1) end = line.length;
		const run = line.slice(index, end);
		if (isNarrowText(run)) {
			for (let at = 0; at < run.length; at++) {
				chars.push(run[at]!);
				styles.push(key);
				widths?.push(1);
			}
		} else {
			for (const {segment} of graphemes(run)) {
				const width = cellWidth(segment);
				// Widths are only kept once a character is not one cell wide (box drawing and the like are).
				if (width !== 1) widths ??= chars.map(() => 1);
				chars.push(segment);
				styles.push(key);
				widths?.push(width);
			}
		}

		index = end;
	}

	return widths ? {chars, styles, widths} : {chars, styles};
}

/** Lines read into cells, kept across frames (most lines do not change between two refreshes). */
const cellsOf = remember(styledCells, 4096);

/** A row of the frame; `wide` once a wide character was written (only then can one be cut in half). */
type GridRow = {chars: string[]; styles: StyleKey[]; wide: boolean};

// `new Array(n).fill()`, not Array.from({length: n}): the latter walks a generic array-like, 20× slower.
const blankRow = (width: number): GridRow => ({chars: new Array<string>(width).fill(' '), styles: new Array<StyleKey>(width).fill(''), wide: false});

/** A row one write filled, of one-cell characters: kept as that line's cells until a second write comes. */
type LoneRow = {readonly lone: Cells; readonly x: number; readonly line: string};

function materialize(lone: LoneRow | undefined, width: number): GridRow {
	const row = blankRow(width);
	if (lone === undefined) return row;
	for (let cell = 0; cell < lone.lone.chars.length; cell++) {
		row.chars[lone.x + cell] = lone.lone.chars[cell]!;
		row.styles[lone.x + cell] = lone.lone.styles[cell]!;
	}

	return row;
}

/** The text of a row one write filled from column 0: the line's own, made once per line. */
const textAtZero = remember(line => rowText(cellsOf(line)), 4096);

function loneText({lone, x, line}: LoneRow): string {
	if (x === 0) return textAtZero(line);
	return rowText({chars: [...new Array<string>(x).fill(' '), ...lone.chars], styles: [...new Array<StyleKey>(x).fill(''), ...lone.styles]});
}

/** One row of cells as text: a style change writes a reset and the new style; trailing blanks are dropped. */
export function rowText(row: {readonly chars: string | readonly string[]; readonly styles: readonly StyleKey[]}): string {
	const {chars, styles} = row;
	let last = chars.length;
	while (last > 0 && (chars[last - 1] === ' ' || chars[last - 1] === undefined) && !styles[last - 1]) last--;
	let text = '';
	let start = 0;
	// One run of equally styled cells at a time.
	while (start < last) {
		const style = styles[start] ?? '';
		let end = start + 1;
		while (end < last && (styles[end] ?? '') === style) end++;
		if (style !== '') text += `\u001B[0;${style}m`;
		text += joinCells(chars, start, end);
		if (style !== '') text += '\u001B[0m';
		start = end;
	}

	return text;
}

/**
 * chars[start, end) as one flat string (a missing cell is a blank). Joined, not grown by `+=` a
 * cell at a time: that string is a rope of one ~32-byte node per cell, and textAtZero keeps row
 * texts (~3 KB for a 120-column row instead of ~130 bytes).
 */
function joinCells(chars: string | readonly string[], start: number, end: number): string {
	if (typeof chars === 'string') return chars.slice(start, end);
	for (let index = start; index < end; index++) {
		if (chars[index] === undefined) return Array.from({length: end - start}, (_, k) => chars[start + k] ?? ' ').join('');
	}

	return chars.slice(start, end).join('');
}

/**
 * Before cells [column, column + width) are written: a wide character they cut in half becomes a
 * blank, as a terminal shows it — else the row's text would shift everything after it.
 */
function unsplit(row: GridRow, column: number, width: number): void {
	if (row.chars[column] === '') {
		let start = column - 1;
		while (start > 0 && row.chars[start] === '') start--;
		for (let at = start; at < column; at++) row.chars[at] = ' ';
	}

	let after = column + width;
	while (row.chars[after] === '') row.chars[after++] = ' ';
}

/**
 * The Ink minor version this Output was written against: Ink's renderer calls it as Ink 6.8's does
 * (constructor({width, height}), write(x, y, text, {transformers}), clip, unclip, get()). Checked
 * against Ink's output.js of each new version before it is added.
 */
export const writtenForInk = /^6\.8\./;

/**
 * The Output class for Ink's renderer in the bundle: this one for the Ink it was written for,
 * else Ink's own (loaded only then) (the same screen through Ink's public behaviour, at more CPU per frame).
 * BPFTOP_INK_OUTPUT=ink chooses Ink's own too.
 */
export function fastOutputFor<T>(inkVersion: string, inkOutput: () => T, env: NodeJS.ProcessEnv = process.env): T | typeof Output {
	if (env['BPFTOP_INK_OUTPUT'] === 'ink') return inkOutput();
	return writtenForInk.test(inkVersion) ? Output : inkOutput();
}

export default class Output {
	readonly width: number;
	readonly height: number;
	private readonly operations: Operation[] = [];

	constructor(options: {width: number; height: number}) {
		this.width = options.width;
		this.height = options.height;
	}

	write(x: number, y: number, text: string, options: {transformers: readonly Transformer[]}): void {
		if (!text) return;
		this.operations.push({type: 'write', x, y, text, transformers: options.transformers});
	}

	clip(clip: Clip): void {
		this.operations.push({type: 'clip', clip});
	}

	unclip(): void {
		this.operations.push({type: 'unclip'});
	}

	get(): {output: string; height: number} {
		// Rows nothing writes to stay undefined: blank, and never allocated.
		const grid = new Array<GridRow | LoneRow | undefined>(this.height).fill(undefined);
		const clips: Clip[] = [];
		for (const operation of this.operations) {
			if (operation.type === 'clip') clips.push(operation.clip);
			else if (operation.type === 'unclip') clips.pop();
			else this.draw(grid, operation, clips.at(-1));
		}

		return {output: grid.map(row => (row === undefined ? '' : 'lone' in row ? loneText(row) : rowText(row))).join('\n'), height: this.height};
	}

	private draw(grid: Array<GridRow | LoneRow | undefined>, operation: Extract<Operation, {type: 'write'}>, clip: Clip | undefined): void {
		const {x, y, transformers} = operation;
		const clipX = typeof clip?.x1 === 'number' && typeof clip.x2 === 'number';
		const clipY = typeof clip?.y1 === 'number' && typeof clip.y2 === 'number';
		const lines = operation.text.split('\n');
		// Ink numbers lines for the transformers after cutting off those above the clip.
		const skipped = clipY && y < clip!.y1! ? clip!.y1! - y : 0;
		for (let index = 0; index < lines.length; index++) {
			const rowIndex = y + index;
			if (rowIndex < 0 || rowIndex >= this.height) continue;
			if (clipY && (rowIndex < clip!.y1! || rowIndex >= clip!.y2!)) continue;
			let line = lines[index]!;
			for (const transformer of transformers) line = transformer(line, index - skipped);
			const cells = cellsOf(line);
			const before = grid[rowIndex];
			if (cells.widths === undefined) {
				// Every character one cell wide: what shows is one range of columns.
				const from = Math.max(x, 0, clipX ? clip!.x1! : 0);
				const to = Math.min(x + cells.chars.length, clipX ? clip!.x2! : Number.POSITIVE_INFINITY);
				if (from >= to) continue;
				// The first write to a row, whole: its text is the line's own, no cells copied.
				if (before === undefined && from === x && to === x + cells.chars.length) {
					grid[rowIndex] = {lone: cells, x, line};
					continue;
				}

				const row = before === undefined || 'lone' in before ? materialize(before, this.width) : before;
				grid[rowIndex] = row;
				if (row.wide) unsplit(row, from, to - from);
				for (let column = from; column < to; column++) {
					row.chars[column] = cells.chars[column - x]!;
					row.styles[column] = cells.styles[column - x]!;
				}

				continue;
			}

			const row = before === undefined || 'lone' in before ? materialize(before, this.width) : before;
			grid[rowIndex] = row;
			row.wide = true;
			let column = x;
			for (let cell = 0; cell < cells.chars.length; cell++) {
				const width = cells.widths[cell]!;
				const visible = column >= 0 && (!clipX || (column >= clip!.x1! && column + width <= clip!.x2!));
				if (visible) {
					unsplit(row, column, width);
					row.chars[column] = cells.chars[cell]!;
					row.styles[column] = cells.styles[cell]!;
					// The cells a wide character covers print nothing.
					for (let more = 1; more < width; more++) {
						row.chars[column + more] = '';
						row.styles[column + more] = cells.styles[cell]!;
					}
				}

				column += width;
			}
		}
	}
}
