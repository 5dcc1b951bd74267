// Reads a .BTF section into its raw records, one per type id, as the kernel's btf.h lays them out.
// Nothing is resolved here: resolve.ts turns these into the simplified BtfType model.
//
// Records are indexed in one pass and decoded when asked for: an object's own BTF is decoded whole
// (parseBtf), the running kernel's (~5.5 MB, ~130,000 types, read for CO-RE) only where CO-RE
// looks (indexBtf).

import {LoadError} from '../elf/load-error.js';

export const BTF_MAGIC = 0xeb9f;

import {BtfKind} from './kinds.js';

export {BtfKind} from './kinds.js';

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
	/** Index = type id; id 0 is void. Decodes every record on first use: prefer type(id). */
	readonly types: readonly RawBtfType[];
	/** Type ids 0 … count − 1 exist. */
	readonly count: number;
	/** The record behind an id (void outside the table), decoded on first use. */
	type(id: number): RawBtfType;
	/** A string from the string section, by offset (line info and file names live here too). */
	string(offset: number): string;
};

const MODIFIER_NAMES = {
	[BtfKind.PTR]: 'ptr', [BtfKind.TYPEDEF]: 'typedef', [BtfKind.VOLATILE]: 'volatile', [BtfKind.CONST]: 'const',
	[BtfKind.RESTRICT]: 'restrict', [BtfKind.TYPE_TAG]: 'type_tag',
} as const;

/** Bytes that follow the 12-byte common header of a record of this kind with `vlen` entries. */
function extraBytes(kind: number, vlen: number): number | undefined {
	switch (kind) {
		case BtfKind.INT: case BtfKind.VAR: case BtfKind.DECL_TAG: return 4;
		case BtfKind.ARRAY: return 12;
		case BtfKind.STRUCT: case BtfKind.UNION: case BtfKind.DATASEC: case BtfKind.ENUM64: return 12 * vlen;
		case BtfKind.ENUM: case BtfKind.FUNC_PROTO: return 8 * vlen;
		case BtfKind.PTR: case BtfKind.TYPEDEF: case BtfKind.VOLATILE: case BtfKind.CONST: case BtfKind.RESTRICT:
		case BtfKind.TYPE_TAG: case BtfKind.FWD: case BtfKind.FUNC: case BtfKind.FLOAT: return 0;
		default: return undefined;
	}
}

/**
 * An indexed BTF: where each record starts, its info word and name offset, in flat arrays. Records
 * are decoded on demand and kept; names can be looked up without decoding the others (CO-RE's
 * candidate search, by "essential" name: the part before a `___flavor` suffix).
 */
export class BtfIndex implements RawBtf {
	readonly count: number;
	private readonly view: DataView;
	private readonly strings: Uint8Array;
	private readonly offsets: Uint32Array;
	private readonly infos: Uint32Array;
	private readonly nameOffsets: Uint32Array;
	private readonly decoded: Array<RawBtfType | undefined>;
	private readonly decoder = new TextDecoder();
	private readonly stringCache = new Map<number, string>();
	private all: RawBtfType[] | undefined;
	/** Name indexes, one per kind, built when a lookup first asks for that kind. */
	private readonly essential = new Map<number, NameIndex>();

	constructor(private readonly file: string, bytes: Uint8Array) {
		const fail = (problem: string): never => this.fail(problem);
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
		this.view = view;
		this.strings = bytes.subarray(hdrLen + strOff, hdrLen + strOff + strLen);

		// A record is at least 12 bytes: that bounds the number of types.
		const most = Math.floor(typeLen / 12) + 1;
		let offsets = new Uint32Array(most);
		let infos = new Uint32Array(most);
		let names = new Uint32Array(most);
		let count = 1;
		let at = hdrLen + typeOff;
		const end = at + typeLen;
		// Records are 4-byte aligned: read them as words (a DataView per read is 3x slower on 130,000 types).
		const aligned = (bytes.byteOffset + at) % 4 === 0 ? bytes : bytes.slice();
		const words = new Uint32Array(aligned.buffer, aligned.byteOffset, Math.floor(aligned.byteLength / 4));
		while (at < end) {
			if (at + 12 > end) fail(`type [${count}] runs past the type section`);
			const info = words[(at >> 2) + 1]!;
			const kind = (info >>> 24) & 0x1f;
			const extra = extraBytes(kind, info & 0xffff);
			if (extra === undefined) fail(`type [${count}] has unknown kind ${kind}`);
			if (at + 12 + extra! > end) fail(`type [${count}] runs past the type section`);
			offsets[count] = at;
			infos[count] = info;
			names[count] = words[at >> 2]!;
			count++;
			at += 12 + extra!;
		}

		if (count < most) {
			offsets = offsets.slice(0, count);
			infos = infos.slice(0, count);
			names = names.slice(0, count);
		}

		this.offsets = offsets;
		this.infos = infos;
		this.nameOffsets = names;
		this.count = count;
		this.decoded = new Array<RawBtfType | undefined>(count);
		this.decoded[0] = {kind: 'void'};
	}

	private fail(problem: string): never {
		throw new LoadError(this.file, `.BTF: ${problem}`);
	}

	get types(): readonly RawBtfType[] {
		this.all ??= Array.from({length: this.count}, (_, id) => this.type(id));
		return this.all;
	}

	/** The BTF_KIND_* number of a type (0 for void or an id outside the table). */
	kindOf(id: number): number {
		return id > 0 && id < this.count ? (this.infos[id]! >>> 24) & 0x1f : 0;
	}

	/** The kind_flag bit of a type. */
	kflagOf(id: number): boolean {
		return id > 0 && id < this.count && this.infos[id]! >>> 31 === 1;
	}

	/** A type's name ('' for anonymous types and void). */
	nameOf(id: number): string {
		return id > 0 && id < this.count ? this.string(this.nameOffsets[id]!) : '';
	}

	string(offset: number): string {
		let text = this.stringCache.get(offset);
		if (text !== undefined) return text;
		const strings = this.strings;
		if (offset >= strings.length) this.fail(`string offset ${offset} outside the string section`);
		const end = strings.indexOf(0, offset);
		if (end < 0) this.fail('unterminated string');
		text = this.decoder.decode(strings.subarray(offset, end));
		this.stringCache.set(offset, text);
		return text;
	}

	type(id: number): RawBtfType {
		if (!(id >= 0 && id < this.count)) return {kind: 'void'};
		let type = this.decoded[id];
		if (type === undefined) this.decoded[id] = type = this.decode(id);
		return type;
	}

	/**
	 * Every type id of one of `kinds` (default: every kind) whose name, cut before a `___flavor`
	 * suffix, is `essential` (libbpf's candidate rule), ascending.
	 */
	byEssentialName(essential: string, kinds?: readonly number[]): number[] {
		const wanted = new TextEncoder().encode(essential);
		const hash = hashBytes(wanted, 0, wanted.length);
		const found: number[] = [];
		for (const kind of kinds ?? ALL_KINDS) {
			const index = this.nameIndex(kind);
			for (let id = index.heads[hash & (index.heads.length - 1)]!; id > 0; id = index.next[id]!) {
				if (index.lengths[id] !== wanted.length) continue;
				const start = this.nameOffsets[id]!;
				let same = true;
				for (let i = 0; i < wanted.length && same; i++) same = this.strings[start + i] === wanted[i];
				if (same) found.push(id);
			}
		}

		return found.sort((a, b) => a - b);
	}

	/** Every type id of one of `kinds` (default: every kind) named exactly `name`. */
	byName(name: string, kinds?: readonly number[]): number[] {
		return this.byEssentialName(essentialName(name), kinds).filter(id => this.nameOf(id) === name);
	}

	/** A hash table from essential name to the ids of one kind, over the name bytes (no strings made). */
	private nameIndex(kind: number): NameIndex {
		let index = this.essential.get(kind);
		if (index !== undefined) return index;
		const count = this.count;
		const infos = this.infos;
		let members = 0;
		for (let id = 1; id < count; id++) if (((infos[id]! >>> 24) & 0x1f) === kind) members++;
		const heads = new Int32Array(2 ** Math.ceil(Math.log2(Math.max(16, members * 2))));
		const next = new Int32Array(count);
		const lengths = new Uint16Array(count);
		const strings = this.strings;
		const mask = heads.length - 1;
		for (let id = count - 1; id > 0; id--) {
			if (((infos[id]! >>> 24) & 0x1f) !== kind) continue;
			const start = this.nameOffsets[id]!;
			if (start === 0 || start >= strings.length) continue;
			let end = start;
			while (end < strings.length && strings[end] !== 0) end++;
			const length = essentialLength(strings, start, end);
			if (length === 0 || length > 0xffff) continue;
			lengths[id] = length;
			const bucket = hashBytes(strings, start, start + length) & mask;
			next[id] = heads[bucket]!;
			heads[bucket] = id;
		}

		index = {heads, next, lengths};
		this.essential.set(kind, index);
		return index;
	}

	private decode(id: number): RawBtfType {
		const view = this.view;
		let at = this.offsets[id]!;
		const info = this.infos[id]!;
		const name = this.string(this.nameOffsets[id]!);
		const sizeOrType = view.getUint32(at + 8, true);
		const vlen = info & 0xffff;
		const kind = (info >>> 24) & 0x1f;
		const kflag = (info >>> 31) === 1;
		at += 12;
		const u32 = () => {
			const value = view.getUint32(at, true);
			at += 4;
			return value;
		};

		switch (kind) {
			case BtfKind.INT: {
				const word = u32();
				const encoding = (word >>> 24) & 0xf;
				return {kind: 'int', name, size: sizeOrType, signed: (encoding & 1) !== 0, char: (encoding & 2) !== 0, bool: (encoding & 4) !== 0, bits: word & 0xff, bitOffset: (word >>> 16) & 0xff};
			}

			case BtfKind.PTR:
			case BtfKind.TYPEDEF:
			case BtfKind.VOLATILE:
			case BtfKind.CONST:
			case BtfKind.RESTRICT:
			case BtfKind.TYPE_TAG:
				return {kind: MODIFIER_NAMES[kind], name, type: sizeOrType};
			case BtfKind.ARRAY:
				return {kind: 'array', elem: u32(), index: u32(), length: u32()};
			case BtfKind.STRUCT:
			case BtfKind.UNION: {
				const members: RawMember[] = [];
				for (let i = 0; i < vlen; i++) {
					const memberName = this.string(u32());
					const type = u32();
					const offset = u32();
					// With kind_flag set, the offset word packs a bitfield size above a 24-bit bit offset.
					const bitSize = kflag ? offset >>> 24 : 0;
					members.push(bitSize ? {name: memberName, type, bitOffset: offset & 0xffffff, bitSize} : {name: memberName, type, bitOffset: kflag ? offset & 0xffffff : offset});
				}

				return {kind: kind === BtfKind.STRUCT ? 'struct' : 'union', name, size: sizeOrType, members};
			}

			case BtfKind.ENUM: {
				const values = [];
				for (let i = 0; i < vlen; i++) {
					const valueName = this.string(u32());
					const raw = u32();
					values.push({name: valueName, value: BigInt(kflag ? raw | 0 : raw)});
				}

				return {kind: 'enum', name, size: sizeOrType, signed: kflag, values};
			}

			case BtfKind.ENUM64: {
				const values = [];
				for (let i = 0; i < vlen; i++) {
					const valueName = this.string(u32());
					const lo = BigInt(u32());
					const hi = BigInt(u32());
					const value = (hi << 32n) | lo;
					values.push({name: valueName, value: kflag ? BigInt.asIntN(64, value) : value});
				}

				return {kind: 'enum', name, size: sizeOrType, signed: kflag, values};
			}

			case BtfKind.FWD:
				return {kind: 'fwd', name, union: kflag};
			case BtfKind.FUNC:
				return {kind: 'func', name, type: sizeOrType, linkage: vlen};
			case BtfKind.FUNC_PROTO: {
				const params: RawParam[] = [];
				for (let i = 0; i < vlen; i++) params.push({name: this.string(u32()), type: u32()});
				return {kind: 'func_proto', returns: sizeOrType, params};
			}

			case BtfKind.VAR:
				return {kind: 'var', name, type: sizeOrType, linkage: u32()};
			case BtfKind.DATASEC: {
				const vars: RawSecInfo[] = [];
				for (let i = 0; i < vlen; i++) vars.push({type: u32(), offset: u32(), size: u32()});
				return {kind: 'datasec', name, size: sizeOrType, vars};
			}

			case BtfKind.FLOAT:
				return {kind: 'float', name, size: sizeOrType};
			default: // DECL_TAG: the index refused every other kind
				return {kind: 'decl_tag', name, type: sizeOrType, component: view.getInt32(at, true)};
		}
	}
}

type NameIndex = {readonly heads: Int32Array; readonly next: Int32Array; readonly lengths: Uint16Array};

/** Kinds that carry names (what an unrestricted lookup searches). */
const ALL_KINDS: readonly number[] = [
	BtfKind.INT, BtfKind.STRUCT, BtfKind.UNION, BtfKind.ENUM, BtfKind.FWD, BtfKind.TYPEDEF, BtfKind.FUNC, BtfKind.VAR,
	BtfKind.DATASEC, BtfKind.FLOAT, BtfKind.DECL_TAG, BtfKind.TYPE_TAG, BtfKind.ENUM64,
];

/** libbpf's bpf_core_essential_name_len: a name without its last `___flavor` suffix. */
export function essentialName(name: string): string {
	for (let i = name.length - 5; i >= 0; i--) {
		if (name[i] !== '_' && name[i + 1] === '_' && name[i + 2] === '_' && name[i + 3] === '_' && name[i + 4] !== '_') return name.slice(0, i + 1);
	}

	return name;
}

/** essentialName() on the bytes [start, end): the essential prefix's length. */
function essentialLength(bytes: Uint8Array, start: number, end: number): number {
	const UNDERSCORE = 0x5f;
	for (let i = end - 5; i >= start; i--) {
		if (bytes[i] !== UNDERSCORE && bytes[i + 1] === UNDERSCORE && bytes[i + 2] === UNDERSCORE && bytes[i + 3] === UNDERSCORE && bytes[i + 4] !== UNDERSCORE) return i + 1 - start;
	}

	return end - start;
}

/** FNV-1a over bytes [start, end). */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
	let hash = 0x811c9dc5;
	for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
	return hash >>> 0;
}

/** Indexes a .BTF section; records are decoded when first asked for (the kernel's BTF). */
export function indexBtf(file: string, bytes: Uint8Array): BtfIndex {
	return new BtfIndex(file, bytes);
}

/** Parses a .BTF section whole (an object's own BTF); `file` only names the object in error messages. */
export function parseBtf(file: string, bytes: Uint8Array): BtfIndex {
	const btf = new BtfIndex(file, bytes);
	void btf.types; // decodes (and so checks) every record and string now
	return btf;
}
