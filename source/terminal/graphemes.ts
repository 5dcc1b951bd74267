// Text split into graphemes (what a terminal draws in one place). The segmenter is made on first
// use: the first Intl.Segmenter of a process costs ~20 ms (ICU's break rules), and frames of
// plain text never need one.
let segmenter: Intl.Segmenter | undefined;

export function graphemes(text: string): Intl.Segments {
	segmenter ??= new Intl.Segmenter();
	return segmenter.segment(text);
}
