// Keys and values without BTF are bytes; many are NUL-padded text (bpftrace's `@opens[comm]` keys
// are a 16-byte comm, "bash" then twelve NULs). Those read as text; anything else stays a number
// or hex. Scalars of 1, 2 and 4 bytes are always numbers (the key 97 must not read "a"), an 8-byte
// key is text only with at least 4 characters (a u64 count of 0x61 is not "a"), and a value only
// when wider than 8 bytes (an 8-byte counter that happens to spell "dcba" stays a counter).

const decoder = new TextDecoder('utf-8', {fatal: true});

export function paddedText(bytes: Uint8Array, role: 'key' | 'value'): string | undefined {
	const size = bytes.length;
	if (size < 8 || (role === 'value' && size === 8)) return undefined;
	const end = bytes.indexOf(0);
	if (end <= 0 || (size === 8 && end < 4)) return undefined;
	for (let index = end + 1; index < size; index++) if (bytes[index] !== 0) return undefined;
	for (let index = 0; index < end; index++) {
		const byte = bytes[index]!;
		if (byte < 0x20 || byte === 0x7f) return undefined;
	}

	try {
		const text = decoder.decode(bytes.subarray(0, end));
		// C1 controls and other unprintables are not text (sanitize would show them, but this is a guess).
		return /[\u0080-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffd]/.test(text) ? undefined : text;
	} catch {
		return undefined;
	}
}
