// Output built as bytes in a megabyte buffer, handed on when full: a million map entries as JSON
// are ~250 MB, and building them as strings cost seconds of garbage collection (strings joined
// piece by piece, then flattened and encoded again to be written). Digits and hex bytes are
// written straight into the buffer.

const chunkBytes = 1 << 20;
const hexDigit = Buffer.from('0123456789abcdef', 'latin1');

export class ByteWriter {
	/** Where the next byte goes: written by hand after reserve() on the hottest path. */
	buffer: Buffer;
	at = 0;

	constructor(
		private readonly flushTo: (bytes: Buffer) => void,
		size = chunkBytes,
	) {
		this.buffer = Buffer.allocUnsafe(size);
	}

	/** Room for `bytes` more from `at` on, in `buffer` (which this may replace). */
	reserve(bytes: number): void {
		if (this.at + bytes <= this.buffer.length) return;
		this.flush();
		if (bytes > this.buffer.length) this.buffer = Buffer.allocUnsafe(bytes);
	}

	/** Hands on what was written (a fresh buffer is used after: the receiver may keep this one). */
	flush(): void {
		if (this.at === 0) return;
		this.flushTo(this.buffer.subarray(0, this.at));
		this.buffer = Buffer.allocUnsafe(this.buffer.length);
		this.at = 0;
	}

	/** The first `length` bytes of `bytes` (no subarray: a view per call is garbage per call). */
	bytes(bytes: Uint8Array, length = bytes.length): void {
		this.reserve(length);
		// A loop beats TypedArray.set for the few bytes most pieces are.
		if (length <= 32) this.at = copyInto(this.buffer, this.at, bytes, length);
		else {
			this.buffer.set(length === bytes.length ? bytes : bytes.subarray(0, length), this.at);
			this.at += length;
		}
	}

	/** Any text, as UTF-8. */
	text(text: string): void {
		this.reserve(Buffer.byteLength(text));
		this.at += this.buffer.write(text, this.at);
	}
}

/** Bytes as bpftool's JSON lists them ("0x2a","0x00",…) into `buffer` at `at`, room known; where it ended. */
export function hexListInto(buffer: Uint8Array, at: number, bytes: Uint8Array, from: number, size: number): number {
	let place = at;
	for (let index = 0; index < size; index++) {
		const byte = bytes[from + index]!;
		if (index > 0) buffer[place++] = 0x2c;
		buffer[place++] = 0x22;
		buffer[place++] = 0x30;
		buffer[place++] = 0x78;
		buffer[place++] = hexDigit[byte >> 4]!;
		buffer[place++] = hexDigit[byte & 15]!;
		buffer[place++] = 0x22;
	}

	return place;
}

/** The first `length` bytes of `bytes` into `buffer` at `at`, room known; where it ended. */
export function copyInto(buffer: Uint8Array, at: number, bytes: Uint8Array, length = bytes.length): number {
	let place = at;
	for (let index = 0; index < length; index++) buffer[place++] = bytes[index]!;
	return place;
}

/** Constant text as bytes, made once. */
export const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');

/** The decimal digits of a whole number (|value| ≤ 2^53) into `into` at `at`; how many bytes. */
export function digitsInto(value: number, into: Uint8Array, at = 0): number {
	let place = at;
	let number = value;
	if (number < 0) {
		into[place++] = 0x2d;
		number = -number;
	}

	let digits = 1;
	for (let rest = number; rest >= 10; rest = Math.floor(rest / 10)) digits++;
	for (let index = place + digits - 1; index >= place; index--) {
		into[index] = 0x30 + (number % 10);
		number = Math.floor(number / 10);
	}

	return place + digits - at;
}
