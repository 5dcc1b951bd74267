// bpftool writes control characters inside JSON strings as raw bytes (its json_writer escapes only
// \b \f \n \r \t, quotes and backslashes): one pinned path or interface name holding an escape
// character makes its whole output invalid for JSON.parse. This reads such output anyway: the raw
// control characters inside strings become \u escapes, so the text is kept exactly (and shown
// escaped later, never obeyed), and every other object of the output survives.

/** JSON.parse first (the common, fast case); the repair runs only when that fails. */
export function parseJsonTolerant(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch (error) {
		const repaired = escapeControlsInStrings(text);
		if (repaired === text) throw error;
		return JSON.parse(repaired);
	}
}

/** Escapes U+0000–U+001F (and DEL) inside string literals; outside strings they are left alone. */
export function escapeControlsInStrings(text: string): string {
	let out = '';
	let start = 0;
	let inString = false;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (inString) {
			if (code === 0x5c) {
				// A backslash escapes the next character, whatever it is (a raw control too).
				index++;
				const next = text.charCodeAt(index);
				if (next < 0x20 || next === 0x7f) {
					out += text.slice(start, index - 1) + unicodeEscape(next);
					start = index + 1;
				}

				continue;
			}

			if (code === 0x22) inString = false;
			else if (code < 0x20 || code === 0x7f) {
				out += text.slice(start, index) + unicodeEscape(code);
				start = index + 1;
			}
		} else if (code === 0x22) {
			inString = true;
		}
	}

	return start === 0 ? text : out + text.slice(start);
}

function unicodeEscape(code: number): string {
	return `\\u${code.toString(16).padStart(4, '0')}`;
}
