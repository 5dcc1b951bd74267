// Hash map keys as JS Map keys. A lookup runs on nearly every program run, so the key is built
// straight from the bytes in emulated memory (no copy, no per-byte string concatenation):
// - up to 6 bytes: the exact little-endian integer (mostly a Smi, hashed without a string);
// - longer: the bytes packed two per UTF-16 unit, one flat string (16-byte flow keys → 8 units).
// Both are exact, so a key decodes back to its bytes for dumps and the map need not keep a copy.

export type MapKey = number | string;

const MAX_NUMERIC = 6;
/** Reused argument lists for String.fromCharCode, by unit count. */
const UNITS: number[][] = [];

export function mapKey(bytes: Uint8Array, offset: number, size: number): MapKey {
	if (size <= MAX_NUMERIC) {
		let value = 0;
		for (let i = size - 1; i >= 0; i--) value = value * 256 + bytes[offset + i]!;
		return value;
	}

	const count = (size + 1) >> 1;
	const units = (UNITS[count] ??= new Array<number>(count).fill(0));
	const end = offset + size;
	for (let i = 0, at = offset; i < count; i++, at += 2) units[i] = bytes[at]! | (at + 1 < end ? bytes[at + 1]! << 8 : 0);
	return String.fromCharCode.apply(null, units);
}

/** The `size` bytes a key stands for. */
export function keyBytes(key: MapKey, size: number): Uint8Array {
	const out = new Uint8Array(size);
	if (typeof key === 'number') {
		let value = key;
		for (let i = 0; i < size; i++) {
			out[i] = value % 256;
			value = Math.floor(value / 256);
		}

		return out;
	}

	for (let i = 0; i < size; i++) {
		const unit = key.charCodeAt(i >> 1);
		out[i] = (i & 1) === 0 ? unit & 0xff : unit >> 8;
	}

	return out;
}
