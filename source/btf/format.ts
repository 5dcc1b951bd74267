// Formats raw bytes through a BTF type the way bpftool's btf_dumper does for its `formatted` JSON
// (bpftool/btf_dumper.c), so the value table reads the same whichever backend answered:
// - integers of 8/16/32/64 bits are numbers; bool is true/false; 128-bit integers and bitfields
//   (a member with a bit size, or an int whose encoding is not whole bytes) are hex strings "0x3";
// - an enum prints the name of its value, or the value as a signed number;
// - a char array that is printable up to a NUL prints as a string (no typedef in between);
// - structs and unions are objects, arrays arrays, a DATASEC {".bss": [{"var": value}, …]}.
// Where bpftool fails (a float; a void, forward or function type) this prints a number or null.
import {sizeOf, type BtfType} from './types.js';

export type Json = null | boolean | number | string | Json[] | {[key: string]: Json};

export function formatBtf(type: BtfType, bytes: Uint8Array, offset = 0, bitOffset = 0): Json {
	switch (type.kind) {
		case 'int':
			return formatInt(type, bytes, offset, bitOffset);
		case 'float': {
			const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
			if (offset + type.size > bytes.length) return null;
			return type.size === 4 ? view.getFloat32(offset, true) : type.size === 8 ? view.getFloat64(offset, true) : null;
		}

		case 'ptr':
			return Number(readUnsigned(bytes, offset, 8));
		case 'enum': {
			const value = BigInt.asIntN(type.size * 8, readUnsigned(bytes, offset, type.size));
			// bpftool compares in the enum's own width (an unsigned 0xffffffff matches a value of -1).
			const match = type.values.find(item => BigInt.asIntN(type.size * 8, item.value) === value);
			return match === undefined ? Number(value) : match.name;
		}

		case 'array': {
			const elemSize = sizeOf(type.elem);
			if (type.string ?? (type.elem.kind === 'int' && type.elem.size === 1 && (type.elem.char === true || type.elem.name === 'char'))) {
				const text = stringIn(bytes, offset, type.length);
				if (text !== undefined) return text;
			}

			const out: Json[] = [];
			for (let index = 0; index < type.length; index++) out.push(formatBtf(type.elem, bytes, offset + index * elemSize));
			return out;
		}

		case 'struct':
		case 'union': {
			const out: {[key: string]: Json} = {};
			for (const member of type.members) {
				const at = offset + (member.bitOffset >> 3);
				out[member.name] = member.bitSize !== undefined && member.bitSize > 0 ? hexOf(readBits(bytes, at, member.bitOffset & 7, member.bitSize)) : formatBtf(member.type, bytes, at, member.bitOffset & 7);
			}

			return out;
		}

		case 'datasec':
			return {[type.name]: type.vars.map(variable => ({[variable.name]: formatBtf(variable.type, bytes, offset + variable.offset)}))};
		case 'unsupported':
			return null;
	}
}

/** Whether bpftool prints this integer as a bitfield (a hex string). */
export function isBitfieldInt(type: Extract<BtfType, {kind: 'int'}>, bitOffset = 0): boolean {
	const bits = type.bits ?? type.size * 8;
	return bitOffset !== 0 || (type.bitOffset ?? 0) !== 0 || bits % 8 !== 0 || bits === 128;
}

function formatInt(type: Extract<BtfType, {kind: 'int'}>, bytes: Uint8Array, offset: number, bitOffset: number): Json {
	const bits = type.bits ?? type.size * 8;
	if (isBitfieldInt(type, bitOffset)) {
		const total = bitOffset + (type.bitOffset ?? 0);
		return hexOf(readBits(bytes, offset + (total >> 3), total & 7, bits));
	}

	if (type.bool === true) return bytes[offset] !== 0;
	if (type.charEncoding === true) return String.fromCharCode(bytes[offset] ?? 0);
	const value = readUnsigned(bytes, offset, bits / 8);
	return Number(type.signed ? BigInt.asIntN(bits, value) : value);
}

/** bpftool prints a char array as a string when it is printable up to a NUL inside the array. */
function stringIn(bytes: Uint8Array, offset: number, length: number): string | undefined {
	for (let index = 0; index < length; index++) {
		const byte = bytes[offset + index] ?? 0;
		if (byte === 0) return index === 0 ? '' : String.fromCharCode(...bytes.subarray(offset, offset + index));
		if (byte <= 0x1f || byte >= 0x7f) return undefined;
	}

	return undefined;
}

export function readUnsigned(bytes: Uint8Array, offset: number, size: number): bigint {
	let value = 0n;
	for (let index = size - 1; index >= 0; index--) value = (value << 8n) | BigInt(bytes[offset + index] ?? 0);
	return value;
}

/** `size` bits from bit `bitOffset` of the little-endian bytes at `offset`, unsigned (bpftool does not sign-extend). */
export function readBits(bytes: Uint8Array, offset: number, bitOffset: number, size: number): bigint {
	const whole = readUnsigned(bytes, offset, Math.ceil((bitOffset + size) / 8));
	return (whole >> BigInt(bitOffset)) & ((1n << BigInt(size)) - 1n);
}

function hexOf(value: bigint): string {
	return `0x${value.toString(16)}`;
}
