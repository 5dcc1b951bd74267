// Every string that comes from the kernel (program and map names, map strings, trace lines, pinned
// paths) passes here before any view shows it. Control characters could otherwise recolour the
// screen, move the cursor or retitle the window: they are made visible instead.

const named: Record<number, string> = {0x07: '\\a', 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r', 0x1b: '\\e'};

// C0 controls, DEL, C1 controls, the bidi marks, overrides and isolates that reorder text on
// screen, and the Unicode line and paragraph separators that some terminals break lines at.
const unsafe = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

const anyUnsafe = new RegExp(unsafe.source);

export function sanitize(text: string): string {
	// Nearly every name is clean: a test, and no replacing.
	if (!anyUnsafe.test(text)) return text;
	return text.replace(unsafe, character => {
		const code = character.codePointAt(0)!;
		if (named[code]) return named[code];
		if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
		return `\\u${code.toString(16).padStart(4, '0')}`;
	});
}

/** Bytes from the kernel (trace pipe): invalid UTF-8 becomes U+FFFD, then the text is sanitised. */
export function sanitizeBytes(bytes: Uint8Array): string {
	return sanitize(new TextDecoder('utf-8', {fatal: false}).decode(bytes));
}
