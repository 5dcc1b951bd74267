// Stands in for the `string-width` package everywhere in the bundle (Ink's layout, wrap-ansi, our
// tables; scripts/build.mjs redirects the imports): the same answers, remembered. Ink measures every
// text node on every frame, and string-width walks each string through regular expressions and a
// width table, although almost all of them are plain ASCII and seen before.
import stringWidthOf from 'string-width';

type Options = Parameters<typeof stringWidthOf>[1];

const printableAscii = /^[\x20-\x7e]*$/;
const cache = new Map<string, number>();
const cacheLimit = 8192;

export default function stringWidth(text: string, options?: Options): number {
	if (typeof text !== 'string') return stringWidthOf(text, options);
	if (printableAscii.test(text)) return text.length;
	if (options !== undefined) return stringWidthOf(text, options);
	let width = cache.get(text);
	if (width === undefined) {
		width = stringWidthOf(text);
		// Whole-cache reset: cheaper than LRU bookkeeping, and a frame's strings come straight back.
		if (cache.size >= cacheLimit) cache.clear();
		cache.set(text, width);
	}

	return width;
}
