// Instructions written as hex (as llvm-objdump prints them), for bytecode copied from clang output.
export function fromHex(...slots: string[]): Uint8Array {
	const text = slots.join('').replace(/\s+/g, '');
	if (text.length % 16 !== 0) throw new Error('instructions must be 8 bytes each');
	return Uint8Array.from(Buffer.from(text, 'hex'));
}

export function cString(text: string, size = text.length + 1): Uint8Array {
	const out = new Uint8Array(size);
	out.set(Buffer.from(text, 'latin1').subarray(0, size - 1));
	return out;
}
