// JSON for a terminal or a pipe. JSON.stringify escapes C0 controls but writes DEL, the C1 controls
// (U+009B is an 8-bit CSI to some terminals) and bidi overrides raw; these are escaped too, so the
// output carries no control character while a JSON reader still gets the kernel's exact text.
const unescaped = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

export function safeJson(value: unknown): string {
	return JSON.stringify(value).replace(unescaped, character => `\\u${character.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}
