// Reads one line of Ink's output (text with SGR escapes) into cells: a character and the style it
// is drawn with. The frame writer compares cells, so it can redraw only what changed.
import {remember} from './remember.js';

/** A style as a canonical SGR parameter list, e.g. '1;7' or '38;5;6'; '' is the default style. */
export type StyleKey = string;

export type Row = {
	/** One character per cell; a string when every cell is one printable ASCII character. */
	readonly chars: string | readonly string[];
	readonly styles: readonly StyleKey[];
	/**
	 * The row holds characters that are not one cell wide (CJK, emoji, combining marks). Its cell
	 * positions are not known, so it is always redrawn whole.
	 */
	readonly opaque: boolean;
};

export type Style = {
	bold: boolean;
	dim: boolean;
	italic: boolean;
	underline: boolean;
	inverse: boolean;
	strike: boolean;
	fg?: string;
	bg?: string;
};

export const plain = (): Style => ({bold: false, dim: false, italic: false, underline: false, inverse: false, strike: false});

/** What of a style may reach the terminal. */
export type StyleDepth = 'full' | 'no-color' | 'none';

export function keyOf(style: Style, depth: StyleDepth): StyleKey {
	if (depth === 'none') return '';
	const parts: string[] = [];
	if (style.bold) parts.push('1');
	if (style.dim) parts.push('2');
	if (style.italic) parts.push('3');
	if (style.underline) parts.push('4');
	if (style.inverse) parts.push('7');
	if (style.strike) parts.push('9');
	if (depth === 'full') {
		if (style.fg) parts.push(style.fg);
		if (style.bg) parts.push(style.bg);
	}

	return parts.join(';');
}

function applySgr(style: Style, parameters: string): Style {
	const codes = parameters === '' ? [0] : parameters.split(/[;:]/).map(Number);
	let next = {...style};
	for (let index = 0; index < codes.length; index++) {
		const code = codes[index]!;
		if (code === 0) next = plain();
		else if (code === 1) next.bold = true;
		else if (code === 2) next.dim = true;
		else if (code === 3) next.italic = true;
		else if (code === 4) next.underline = true;
		else if (code === 7) next.inverse = true;
		else if (code === 9) next.strike = true;
		else if (code === 21 || code === 22) next.bold = next.dim = false;
		else if (code === 23) next.italic = false;
		else if (code === 24) next.underline = false;
		else if (code === 27) next.inverse = false;
		else if (code === 29) next.strike = false;
		else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) next.fg = String(code);
		else if (code === 39) next.fg = undefined;
		else if ((code >= 40 && code <= 47) || (code >= 100 && code <= 107)) next.bg = String(code);
		else if (code === 49) next.bg = undefined;
		else if (code === 38 || code === 48) {
			// 38;5;n (256 colours) or 38;2;r;g;b (true colour).
			const length = codes[index + 1] === 5 ? 2 : codes[index + 1] === 2 ? 4 : 0;
			const colour = codes.slice(index, index + 1 + length).join(';');
			if (code === 38) next.fg = colour;
			else next.bg = colour;
			index += length;
		}
	}

	return next;
}

/** One cell wide for sure: ASCII, Latin, Greek, Cyrillic, punctuation, arrows, box drawing, blocks. */
function isNarrow(code: number): boolean {
	return (
		(code >= 0x20 && code <= 0x7e) ||
		(code >= 0xa0 && code <= 0x2ff) ||
		(code >= 0x370 && code <= 0x52f) ||
		(code >= 0x2010 && code <= 0x205e) ||
		(code >= 0x20a0 && code <= 0x20bf) ||
		(code >= 0x2190 && code <= 0x21ff) ||
		(code >= 0x2500 && code <= 0x25fc)
	);
}

// CSI (ESC [ … final), OSC (ESC ] … BEL or ESC \), other two-byte escapes.
const escape = /\u001B(?:\[([\d;:?]*)([@-~])|\][^\u0007\u001B]*(?:\u0007|\u001B\\)|[@-Z\\-_])/y;

/**
 * At an ESC in `line`: where the escape sequence ends and the style after it (changed by SGR only);
 * undefined when no sequence starts there.
 */
export function readEscape(line: string, index: number, style: Style): {readonly end: number; readonly style: Style} | undefined {
	escape.lastIndex = index;
	const match = escape.exec(line);
	if (!match) return undefined;
	return {end: escape.lastIndex, style: match[2] === 'm' ? applySgr(style, match[1] ?? '') : style};
}

const printableAscii = /^[\x20-\x7e]*$/;

/** A row's characters as text. */
export function rowChars(row: Row): string {
	return typeof row.chars === 'string' ? row.chars : row.chars.join('');
}

/** `count` cells of one style ("count;style"), shared by every row and line of that length and style (never changed once made). */
const uniformRow = remember((lengthAndStyle: string): readonly StyleKey[] => {
	const at = lengthAndStyle.indexOf(';');
	return new Array<StyleKey>(Number(lengthAndStyle.slice(0, at))).fill(lengthAndStyle.slice(at + 1));
}, 1024);

export function uniformStyles(count: number, key: StyleKey): readonly StyleKey[] {
	return uniformRow(`${count};${key}`);
}

/**
 * A line whose text is all in one style, as its text and that style; undefined when two runs of
 * text differ in style, a run is not `accepted`, or an escape does not parse. Escapes are read, not
 * kept. The usual line (a table row) is one: read this way, it needs no array of a cell each.
 */
export function oneStyleText(line: string, depth: StyleDepth, accepted: (run: string) => boolean): {readonly text: string; readonly key: StyleKey} | undefined {
	const runs: string[] = [];
	let style = plain();
	let key = keyOf(style, depth);
	let runKey: StyleKey | undefined;
	let index = 0;
	while (index < line.length) {
		if (line.charCodeAt(index) === 0x1b) {
			const read = readEscape(line, index, style);
			if (read === undefined) return undefined;
			if (read.style !== style) {
				style = read.style;
				key = keyOf(style, depth);
			}

			index = read.end;
			continue;
		}

		let end = line.indexOf('\u001B', index);
		if (end === -1) end = line.length;
		const run = line.slice(index, end);
		if (!accepted(run) || (runKey !== undefined && runKey !== key)) return undefined;
		runKey = key;
		runs.push(run);
		index = end;
	}

	return {text: runs.join(''), key: runKey ?? ''};
}

const isPrintableAscii = (run: string) => printableAscii.test(run);

/**
 * The usual line as a row exactly `columns` wide: printable ASCII in one style that fills the
 * width, or in the default style (the padding's); undefined for any other line. Kept as its text
 * and a shared row of styles, not two arrays of a cell each (~35 new rows a refresh).
 */
export function parseUniformRow(line: string, depth: StyleDepth, columns: number): Row | undefined {
	const one = oneStyleText(line, depth, isPrintableAscii);
	if (one === undefined || (one.text.length < columns && one.key !== '')) return undefined;
	const {text} = one;
	return {chars: text.length < columns ? text.padEnd(columns) : text.slice(0, columns), styles: uniformStyles(columns, one.key), opaque: false};
}

/** A row read a cell at a time: arrays of its own, which the caller may cut or pad. */
export type CellRow = {chars: string[]; styles: StyleKey[]; opaque: boolean};

export function parseRow(line: string, depth: StyleDepth): CellRow {
	const chars: string[] = [];
	const styles: StyleKey[] = [];
	let opaque = false;
	let style = plain();
	let key = keyOf(style, depth);
	let index = 0;
	while (index < line.length) {
		if (line.charCodeAt(index) === 0x1b) {
			const read = readEscape(line, index, style);
			if (read && read.style !== style) {
				style = read.style;
				key = keyOf(style, depth);
			}

			index = read ? read.end : index + 1;
			continue;
		}

		// A run of text up to the next escape. Printable ASCII (most of a frame) is taken whole by
		// native string and array calls: ~15× faster than a character at a time before the JIT
		// has warmed up, which is when the first frames are drawn.
		let end = line.indexOf('\u001B', index);
		if (end === -1) end = line.length;
		const run = line.slice(index, end);
		index = end;
		if (printableAscii.test(run)) {
			const from = chars.length;
			chars.push(...run.split(''));
			styles.length = chars.length;
			styles.fill(key, from);
			continue;
		}

		for (const char of run) {
			const code = char.codePointAt(0)!;
			if (code < 0x20 || code === 0x7f) continue;
			if (!isNarrow(code)) opaque = true;
			chars.push(char);
			styles.push(key);
		}
	}

	return {chars, styles, opaque};
}
