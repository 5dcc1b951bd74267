// BTF kind numbers and the two walks everything BTF-shaped needs: past typedefs and qualifiers,
// and a type's size as libbpf resolves it. Kept apart from the parser so the emulated kernel can
// use them without loading it (the BTF readers load only for --load).
import type {BtfIndex} from './parse.js';

export const BtfKind = {
	INT: 1, PTR: 2, ARRAY: 3, STRUCT: 4, UNION: 5, ENUM: 6, FWD: 7, TYPEDEF: 8, VOLATILE: 9, CONST: 10,
	RESTRICT: 11, FUNC: 12, FUNC_PROTO: 13, VAR: 14, DATASEC: 15, FLOAT: 16, DECL_TAG: 17, TYPE_TAG: 18, ENUM64: 19,
} as const;

const MAX_DEPTH = 32;
const MODS = new Set<number>([BtfKind.VOLATILE, BtfKind.CONST, BtfKind.RESTRICT, BtfKind.TYPE_TAG, BtfKind.TYPEDEF]);

export const isComposite = (kind: number) => kind === BtfKind.STRUCT || kind === BtfKind.UNION;

/** The type a modifier, pointer, typedef, var or func refers to (0 for others). */
export function referenced(btf: BtfIndex, id: number): number {
	const type = btf.type(id);
	return 'type' in type ? type.type : 0;
}

/** The id under typedefs and qualifiers. */
export function skipMods(btf: BtfIndex, id: number): number {
	for (let hops = 0; hops < 64 && MODS.has(btf.kindOf(id)); hops++) id = referenced(btf, id);
	return id;
}

/** btf__resolve_size; undefined where libbpf returns an error. */
export function resolveSize(btf: BtfIndex, id: number): number | undefined {
	let elements = 1;
	for (let depth = 0; depth < MAX_DEPTH; depth++) {
		const kind = btf.kindOf(id);
		const type = btf.type(id);
		switch (kind) {
			case BtfKind.INT: case BtfKind.STRUCT: case BtfKind.UNION: case BtfKind.ENUM: case BtfKind.ENUM64: case BtfKind.DATASEC: case BtfKind.FLOAT:
				return elements * ('size' in type ? type.size : 0);
			case BtfKind.PTR:
				return elements * 8;
			case BtfKind.TYPEDEF: case BtfKind.VOLATILE: case BtfKind.CONST: case BtfKind.RESTRICT: case BtfKind.VAR: case BtfKind.TYPE_TAG:
				id = referenced(btf, id);
				break;
			case BtfKind.ARRAY:
				if (type.kind !== 'array') return undefined;
				elements *= type.length;
				id = type.elem;
				break;
			default:
				return undefined;
		}
	}

	return undefined;
}

/** Where a member lies: its byte offset from the struct's start, its type (past modifiers) and size. */
export type Field = {readonly offset: number; readonly typeId: number; readonly size: number};

/**
 * Where a member path lies in a struct: through named members, anonymous unions and structs, and
 * array indexes ('cred.uid.val', 'numbers.0.nr'); undefined when a part is missing or a bitfield.
 */
export function memberPath(btf: BtfIndex, structId: number, path: string): Field | undefined {
	let typeId = skipMods(btf, structId);
	let offset = 0;
	for (const part of path.split('.')) {
		const type = btf.type(typeId);
		if (type.kind === 'array') {
			const index = Number(part);
			const elem = skipMods(btf, type.elem);
			const size = resolveSize(btf, elem);
			if (!Number.isInteger(index) || size === undefined || index >= Math.max(1, type.length)) return undefined;
			offset += index * size;
			typeId = elem;
			continue;
		}

		const found = member(btf, typeId, part);
		if (!found) return undefined;
		offset += found.bitOffset / 8;
		typeId = skipMods(btf, found.type);
	}

	const size = resolveSize(btf, typeId);
	return size === undefined ? undefined : {offset, typeId, size};
}

function member(btf: BtfIndex, typeId: number, name: string): {bitOffset: number; type: number} | undefined {
	const type = btf.type(typeId);
	if (type.kind !== 'struct' && type.kind !== 'union') return undefined;
	for (const m of type.members) {
		if (m.name === name) return m.bitSize ? undefined : {bitOffset: m.bitOffset, type: m.type};
		if (m.name === '') {
			const inner = member(btf, skipMods(btf, m.type), name);
			if (inner) return {bitOffset: m.bitOffset + inner.bitOffset, type: inner.type};
		}
	}

	return undefined;
}
