// BTF types the scenario's objects use, spelled as the loader would produce them.
import type {BtfType} from '../object.js';

export const INT: BtfType = {kind: 'int', name: 'int', size: 4, signed: true};
export const U8: BtfType = {kind: 'int', name: 'unsigned char', size: 1, signed: false};
export const U16: BtfType = {kind: 'int', name: 'unsigned short', size: 2, signed: false};
export const U32: BtfType = {kind: 'int', name: 'unsigned int', size: 4, signed: false};
export const U64: BtfType = {kind: 'int', name: 'unsigned long long', size: 8, signed: false};
export const CHAR: BtfType = {kind: 'int', name: 'char', size: 1, signed: true, char: true};

export const charArray = (length: number): BtfType => ({kind: 'array', elem: CHAR, length});

export function datasec(name: string, vars: ReadonlyArray<{name: string; type: BtfType; offset: number; size: number}>): BtfType {
	const size = vars.reduce((end, v) => Math.max(end, v.offset + v.size), 0);
	return {kind: 'datasec', name, size, vars};
}

export function struct(name: string, fields: ReadonlyArray<readonly [string, BtfType, number]>): BtfType {
	const members = fields.map(([fieldName, type, byteOffset]) => ({name: fieldName, type, bitOffset: byteOffset * 8}));
	const size = fields.reduce((end, [, type, off]) => Math.max(end, off + ('size' in type ? type.size : 8)), 0);
	return {kind: 'struct', name, size: Math.ceil(size / 8) * 8, members};
}
