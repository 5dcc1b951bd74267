// Reads a .BTF section into its raw records, one per type id, as the kernel's btf.h lays them out.
// Nothing is resolved here: resolve.ts turns these into the simplified BtfType model.

import {LoadError} from '../elf/load-error.js';

export const BTF_MAGIC = 0xeb9f;

export const BtfKind = {
	INT: 1, PTR: 2, ARRAY: 3, STRUCT: 4, UNION: 5, ENUM: 6, FWD: 7, TYPEDEF: 8, VOLATILE: 9, CONST: 10,
	RESTRICT: 11, FUNC: 12, FUNC_PROTO: 13, VAR: 14, DATASEC: 15, FLOAT: 16, DECL_TAG: 17, TYPE_TAG: 18, ENUM64: 19,
} as const;

export type RawMember = {readonly name: string; readonly type: number; readonly bitOffset: number; readonly bitSize?: number};
export type RawParam = {readonly name: string; readonly type: number};
export type RawSecInfo = {readonly type: number; readonly offset: number; readonly size: number};

/** One BTF type record. `type` is the referenced type id for modifiers, PTR, TYPEDEF, FUNC, VAR … */
export type RawBtfType =
	| {readonly kind: 'void'}
	| {readonly kind: 'int'; readonly name: string; readonly size: number; readonly signed: boolean; readonly char: boolean; readonly bool: boolean; readonly bits: number; readonly bitOffset: number}
	| {readonly kind: 'ptr' | 'typedef' | 'volatile' | 'const' | 'restrict' | 'type_tag'; readonly name: string; readonly type: number}
	| {readonly kind: 'array'; readonly elem: number; readonly index: number; readonly length: number}
	| {readonly kind: 'struct' | 'union'; readonly name: string; readonly size: number; readonly members: readonly RawMember[]}
	| {readonly kind: 'enum'; readonly name: string; readonly size: number; readonly signed: boolean; readonly values: ReadonlyArray<{readonly name: string; readonly value: bigint}>}
	| {readonly kind: 'fwd'; readonly name: string; readonly union: boolean}
	| {readonly kind: 'func'; readonly name: string; readonly type: number; readonly linkage: number}
	| {readonly kind: 'func_proto'; readonly returns: number; readonly params: readonly RawParam[]}
	| {readonly kind: 'var'; readonly name: string; readonly type: number; readonly linkage: number}
	| {readonly kind: 'datasec'; readonly name: string; readonly size: number; readonly vars: readonly RawSecInfo[]}
	| {readonly kind: 'float'; readonly name: string; readonly size: number}
	| {readonly kind: 'decl_tag'; readonly name: string; readonly type: number; readonly component: number};

export type RawBtf = {
	/** Index = type id; id 0 is void. */
	readonly types: readonly RawBtfType[];
	/** A string from the string section, by offset (line info and file names live here too). */
	string(offset: number): string;
};

/** Parses a .BTF section; `file` only names the object in error messages. */
export function parseBtf(file: string, bytes: Uint8Array): RawBtf {
	const fail = (problem: string): never => {
		throw new LoadError(file, `.BTF: ${problem}`);
	};
	if (bytes.length < 24) fail('truncated header');
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (view.getUint16(0, true) !== BTF_MAGIC) fail(view.getUint16(0, false) === BTF_MAGIC ? 'big-endian BTF' : 'bad magic');
	if (bytes[2] !== 1) fail(`unsupported version ${bytes[2]}`);
	const hdrLen = view.getUint32(4, true);
	const typeOff = view.getUint32(8, true);
	const typeLen = view.getUint32(12, true);
	const strOff = view.getUint32(16, true);
	const strLen = view.getUint32(20, true);
	if (hdrLen < 24 || hdrLen + typeOff + typeLen > bytes.length || hdrLen + strOff + strLen > bytes.length) fail('section offsets outside the data');

	const strings = bytes.subarray(hdrLen + strOff, hdrLen + strOff + strLen);
	const decoder = new TextDecoder();
	const string = (offset: number): string => {
		if (offset >= strings.length) fail(`string offset ${offset} outside the string section`);
		const end = strings.indexOf(0, offset);
		if (end < 0) fail('unterminated string');
		return decoder.decode(strings.subarray(offset, end));
	};

	const types: RawBtfType[] = [{kind: 'void'}];
	let at = hdrLen + typeOff;
	const end = at + typeLen;
	const need = (count: number) => {
		if (at + count > end) fail(`type [${types.length}] runs past the type section`);
	};
	const u32 = () => {
		need(4);
		const value = view.getUint32(at, true);
		at += 4;
		return value;
	};
	const i32 = () => {
		need(4);
		const value = view.getInt32(at, true);
		at += 4;
		return value;
	};

	while (at < end) {
		const name = string(u32());
		const info = u32();
		const sizeOrType = u32();
		const vlen = info & 0xffff;
		const kind = (info >>> 24) & 0x1f;
		const kflag = (info >>> 31) === 1;
		switch (kind) {
			case BtfKind.INT: {
				const word = u32();
				const encoding = (word >>> 24) & 0xf;
				types.push({kind: 'int', name, size: sizeOrType, signed: (encoding & 1) !== 0, char: (encoding & 2) !== 0, bool: (encoding & 4) !== 0, bits: word & 0xff, bitOffset: (word >>> 16) & 0xff});
				break;
			}
			case BtfKind.PTR:
			case BtfKind.TYPEDEF:
			case BtfKind.VOLATILE:
			case BtfKind.CONST:
			case BtfKind.RESTRICT:
			case BtfKind.TYPE_TAG: {
				const names = {[BtfKind.PTR]: 'ptr', [BtfKind.TYPEDEF]: 'typedef', [BtfKind.VOLATILE]: 'volatile', [BtfKind.CONST]: 'const', [BtfKind.RESTRICT]: 'restrict', [BtfKind.TYPE_TAG]: 'type_tag'} as const;
				types.push({kind: names[kind], name, type: sizeOrType});
				break;
			}
			case BtfKind.ARRAY:
				types.push({kind: 'array', elem: u32(), index: u32(), length: u32()});
				break;
			case BtfKind.STRUCT:
			case BtfKind.UNION: {
				const members: RawMember[] = [];
				for (let i = 0; i < vlen; i++) {
					const memberName = string(u32());
					const type = u32();
					const offset = u32();
					// With kind_flag set, the offset word packs a bitfield size above a 24-bit bit offset.
					const bitSize = kflag ? offset >>> 24 : 0;
					members.push(bitSize ? {name: memberName, type, bitOffset: offset & 0xffffff, bitSize} : {name: memberName, type, bitOffset: kflag ? offset & 0xffffff : offset});
				}
				types.push({kind: kind === BtfKind.STRUCT ? 'struct' : 'union', name, size: sizeOrType, members});
				break;
			}
			case BtfKind.ENUM: {
				const values = [];
				for (let i = 0; i < vlen; i++) {
					const valueName = string(u32());
					const raw = kflag ? i32() : u32();
					values.push({name: valueName, value: BigInt(raw)});
				}
				types.push({kind: 'enum', name, size: sizeOrType, signed: kflag, values});
				break;
			}
			case BtfKind.ENUM64: {
				const values = [];
				for (let i = 0; i < vlen; i++) {
					const valueName = string(u32());
					const lo = BigInt(u32());
					const hi = BigInt(u32());
					const value = (hi << 32n) | lo;
					values.push({name: valueName, value: kflag ? BigInt.asIntN(64, value) : value});
				}
				types.push({kind: 'enum', name, size: sizeOrType, signed: kflag, values});
				break;
			}
			case BtfKind.FWD:
				types.push({kind: 'fwd', name, union: kflag});
				break;
			case BtfKind.FUNC:
				types.push({kind: 'func', name, type: sizeOrType, linkage: vlen});
				break;
			case BtfKind.FUNC_PROTO: {
				const params: RawParam[] = [];
				for (let i = 0; i < vlen; i++) params.push({name: string(u32()), type: u32()});
				types.push({kind: 'func_proto', returns: sizeOrType, params});
				break;
			}
			case BtfKind.VAR:
				types.push({kind: 'var', name, type: sizeOrType, linkage: u32()});
				break;
			case BtfKind.DATASEC: {
				const vars: RawSecInfo[] = [];
				for (let i = 0; i < vlen; i++) vars.push({type: u32(), offset: u32(), size: u32()});
				types.push({kind: 'datasec', name, size: sizeOrType, vars});
				break;
			}
			case BtfKind.FLOAT:
				types.push({kind: 'float', name, size: sizeOrType});
				break;
			case BtfKind.DECL_TAG:
				types.push({kind: 'decl_tag', name, type: sizeOrType, component: i32()});
				break;
			default:
				fail(`type [${types.length}] has unknown kind ${kind}`);
		}
	}
	return {types, string};
}
