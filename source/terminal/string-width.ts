// Stands in for the `string-width` package everywhere in the bundle (Ink's layout, wrap-ansi, our
// tables; scripts/build.mjs redirects the imports): the same answers, remembered. Ink measures every
// text node on every frame, and string-width walks each string through regular expressions and a
// width table, although almost all of them are plain one-cell characters and seen before. In the
// bundle the real package is only loaded when a string needs it (its regexps cost ~25 ms to build).
import stringWidthOf from 'string-width';
import {remember} from './remember.js';

type Options = Parameters<typeof stringWidthOf>[1];

// One cell each, so the width is the length: printable ASCII, Latin-1 and Latin Extended letters,
// dashes, quotes and the ellipsis, arrows, box drawing, blocks and shapes — what our frames are made of.
// (string-width counts East Asian "ambiguous" characters as narrow, as terminals outside CJK locales do.)
const narrowOnly = /^[\x20-\x7e\xa0-\xac\xae-\u02ff\u2010-\u2027\u2190-\u21ff\u2500-\u25fc]*$/;

/** Text whose every character is one code unit, one grapheme and one cell wide. */
export function isNarrowText(text: string): boolean {
	return narrowOnly.test(text);
}

const measured = remember(text => stringWidthOf(text), 8192);

export default function stringWidth(text: string, options?: Options): number {
	if (typeof text !== 'string') return stringWidthOf(text, options);
	if (isNarrowText(text)) return text.length;
	return options === undefined ? measured(text) : stringWidthOf(text, options);
}
