// Formats raw bytes through a BTF type the way bpftool's btf_dumper does for `formatted` output.
import type {BtfType} from '../object.js';

export type Json = null | boolean | number | string | Json[] | {[key: string]: Json};

export function formatBtf(type: BtfType, bytes: Uint8Array, offset = 0): Json {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	switch (type.kind) {
		case 'int': {
			if (type.bool === true) return bytes[offset] !== 0;
			const value = readInt(view, offset, type.size, type.signed);
			if (type.size > 8) return `0x${value.toString(16)}`;
			return Number(value);
		}

		case 'float':
			return type.size === 4 ? view.getFloat32(offset, true) : view.getFloat64(offset, true);
		case 'ptr':
			return Number(view.getBigUint64(offset, true));
		case 'enum': {
			const value = readInt(view, offset, type.size, type.signed);
			const match = type.values.find(v => v.value === value);
			return match === undefined ? Number(value) : match.name;
		}

		case 'array': {
			const elemSize = sizeOf(type.elem);
			if (isCharType(type.elem)) {
				const text = stringIn(bytes, offset, type.length);
				if (text !== undefined) return text;
			}

			const out: Json[] = [];
			for (let i = 0; i < type.length; i++) out.push(formatBtf(type.elem, bytes, offset + i * elemSize));
			return out;
		}

		case 'struct':
		case 'union': {
			const out: {[key: string]: Json} = {};
			for (const member of type.members) {
				if (member.bitSize !== undefined && member.bitSize > 0) {
					out[member.name] = Number(readBits(bytes, offset, member.bitOffset, member.bitSize));
				} else {
					out[member.name] = formatBtf(member.type, bytes, offset + member.bitOffset / 8);
				}
			}

			return out;
		}

		case 'datasec':
			return {[type.name]: type.vars.map(v => ({[v.name]: formatBtf(v.type, bytes, offset + v.offset)}))};
	}
}

export function sizeOf(type: BtfType): number {
	switch (type.kind) {
		case 'ptr': return 8;
		case 'array': return sizeOf(type.elem) * type.length;
		default: return type.size;
	}
}

function isCharType(type: BtfType): boolean {
	return type.kind === 'int' && type.size === 1 && (type.char === true || type.name === 'char');
}

/** bpftool prints a char array as a string when it is printable up to a NUL inside the array. */
function stringIn(bytes: Uint8Array, offset: number, length: number): string | undefined {
	for (let i = 0; i < length; i++) {
		const c = bytes[offset + i] ?? 0;
		if (c === 0) return Buffer.from(bytes.subarray(offset, offset + i)).toString('latin1');
		if (c <= 0x1f || c >= 0x7f) return undefined;
	}

	return undefined;
}

function readInt(view: DataView, offset: number, size: number, signed: boolean): bigint {
	let value = 0n;
	for (let i = size - 1; i >= 0; i--) value = (value << 8n) | BigInt(view.getUint8(offset + i));
	return signed ? BigInt.asIntN(size * 8, value) : value;
}

function readBits(bytes: Uint8Array, offset: number, bitOffset: number, bitSize: number): bigint {
	let value = 0n;
	for (let bit = 0; bit < bitSize; bit++) {
		const absolute = bitOffset + bit;
		const byte = bytes[offset + Math.floor(absolute / 8)] ?? 0;
		if ((byte >> (absolute % 8)) & 1) value |= 1n << BigInt(bit);
	}

	return value;
}
