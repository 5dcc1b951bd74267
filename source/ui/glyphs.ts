// The characters the UI draws with (not the data): Unicode by default, plain ASCII for --ascii and
// TERM=dumb. Components take them from GlyphContext; the frame writer maps anything else that is
// not ASCII through asciiFallback(), so an ASCII terminal never receives a non-ASCII byte.

export type Glyphs = {
	readonly ascii: boolean;
	readonly sortDescending: string;
	readonly sortAscending: string;
	/** Between the header's fields. */
	readonly separator: string;
	readonly ellipsis: string;
	/** The text cursor in the filter line. */
	readonly cursor: string;
	readonly up: string;
	readonly down: string;
	/** Sparkline bars, lowest first. */
	readonly bars: readonly string[];
};

export const unicodeGlyphs: Glyphs = {
	ascii: false,
	sortDescending: '▼',
	sortAscending: '▲',
	separator: ' │ ',
	ellipsis: '…',
	cursor: '█',
	up: '↑',
	down: '↓',
	bars: ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'],
};

export const asciiGlyphs: Glyphs = {
	ascii: true,
	sortDescending: 'v',
	sortAscending: '^',
	separator: ' | ',
	ellipsis: '~',
	cursor: '_',
	up: 'Up',
	down: 'Dn',
	bars: ['_', '.', ',', ':', '-', '=', '+', '#'],
};

const fallback: Record<string, string> = {
	'…': '~',
	'│': '|',
	'─': '-',
	'┌': '+',
	'┐': '+',
	'└': '+',
	'┘': '+',
	'├': '+',
	'┤': '+',
	'┬': '+',
	'┴': '+',
	'┼': '+',
	'▼': 'v',
	'▲': '^',
	'▶': '>',
	'◀': '<',
	'↑': '^',
	'↓': 'v',
	'←': '<',
	'→': '>',
	'█': '#',
	'µ': 'u',
	'·': '.',
	'×': 'x',
	'°': 'o',
	'–': '-',
	'—': '-',
	'‘': "'",
	'’': "'",
	'“': '"',
	'”': '"',
	' ': ' ',
};
for (const [index, bar] of unicodeGlyphs.bars.entries()) fallback[bar] = asciiGlyphs.bars[index]!;

/** One character as ASCII: itself when it is ASCII, a look-alike when there is one, else '?'. */
export function asciiFallback(char: string): string {
	if (char.length === 1 && char.charCodeAt(0) < 0x80) return char;
	return fallback[char] ?? '?';
}
