// CO-RE (compile once, run everywhere) relocations as libbpf computes them (relo_core.c): each
// relocation names a local type, an access string ("0:2:1") and a kind; it is resolved against a
// target BTF (the running kernel's) by finding same-named candidate types, matching the access
// path field by field, and computing the value the instruction must hold there. A relocation that
// cannot be satisfied poisons its instruction (libbpf's `call 0xbad2310`); one that is ambiguous
// or malformed fails the load with libbpf's reason.

import {essentialName, type BtfIndex, type RawMember} from './parse.js';
import {BtfKind, isComposite, referenced, resolveSize, skipMods} from './kinds.js';

export {resolveSize, skipMods} from './kinds.js';

/** enum bpf_core_relo_kind. */
export const CoreKind = {
	FIELD_BYTE_OFFSET: 0, FIELD_BYTE_SIZE: 1, FIELD_EXISTS: 2, FIELD_SIGNED: 3, FIELD_LSHIFT_U64: 4, FIELD_RSHIFT_U64: 5,
	TYPE_ID_LOCAL: 6, TYPE_ID_TARGET: 7, TYPE_EXISTS: 8, TYPE_SIZE: 9, ENUMVAL_EXISTS: 10, ENUMVAL_VALUE: 11, TYPE_MATCHES: 12,
} as const;

const KIND_NAMES = ['byte_off', 'byte_sz', 'field_exists', 'signed', 'lshift_u64', 'rshift_u64', 'local_type_id', 'target_type_id', 'type_exists', 'type_size', 'enumval_exists', 'enumval_value', 'type_matches'];

/** The helper id libbpf writes into a poisoned instruction: 0xbad2310, "bad relo". */
export const POISON_HELPER = 195_896_080;

const SPEC_MAX_LEN = 64;
const MAX_DEPTH = 32;

const isFieldKind = (kind: number) => kind <= CoreKind.FIELD_RSHIFT_U64;
const isTypeKind = (kind: number) => kind === CoreKind.TYPE_ID_LOCAL || kind === CoreKind.TYPE_ID_TARGET || kind === CoreKind.TYPE_EXISTS || kind === CoreKind.TYPE_SIZE || kind === CoreKind.TYPE_MATCHES;
const isEnumvalKind = (kind: number) => kind === CoreKind.ENUMVAL_EXISTS || kind === CoreKind.ENUMVAL_VALUE;

export function coreKindName(kind: number): string {
	return KIND_NAMES[kind] ?? 'unknown';
}

/** A relocation's failure that libbpf reports and stops on (not a poisoning). */
export class CoreError extends Error {}

export type CoreRelocation = {readonly insnOff: number; readonly typeId: number; readonly access: string; readonly kind: number};

type Accessor = {typeId: number; idx: number; name?: string};

type Spec = {
	readonly btf: BtfIndex;
	rootTypeId: number;
	readonly kind: number;
	raw: number[];
	acc: Accessor[];
	bitOffset: number;
};

/** What bpf_core_calc_relo decides for one instruction. */
export type CoreResult = {
	origVal: bigint;
	newVal: bigint;
	poison: boolean;
	validate: boolean;
	failMemszAdjust: boolean;
	origSz: number;
	newSz: number;
	origTypeId: number;
	newTypeId: number;
};

// ——— BTF helpers (libbpf's skip_mods_and_typedefs, btf__resolve_size …), on kind numbers ———

const isAnyEnum = (kind: number) => kind === BtfKind.ENUM || kind === BtfKind.ENUM64;

function members(btf: BtfIndex, id: number): readonly RawMember[] {
	const type = btf.type(id);
	return type.kind === 'struct' || type.kind === 'union' ? type.members : [];
}

function vlen(btf: BtfIndex, id: number): number {
	const type = btf.type(id);
	switch (type.kind) {
		case 'struct': case 'union': return type.members.length;
		case 'enum': return type.values.length;
		case 'func_proto': return type.params.length;
		case 'datasec': return type.vars.length;
		default: return 0;
	}
}

function intEncoding(btf: BtfIndex, id: number): {signed: boolean; offset: number} {
	const type = btf.type(id);
	return type.kind === 'int' ? {signed: type.signed, offset: type.bitOffset} : {signed: false, offset: 0};
}

const kindCompat = (a: number, b: number) => a === b || (isAnyEnum(a) && isAnyEnum(b));

function namesMatch(local: string, target: string): boolean {
	if (target === '') return local === '';
	return essentialName(local) === essentialName(target);
}

// ——— compatibility (bpf_core_types_are_compat, bpf_core_fields_are_compat, bpf_core_types_match) ———

export function typesAreCompat(local: BtfIndex, localId: number, target: BtfIndex, targetId: number, level = MAX_DEPTH): number {
	if (!kindCompat(local.kindOf(localId), target.kindOf(targetId))) return 0;
	for (let depth = MAX_DEPTH; ; ) {
		if (--depth < 0) return -1;
		localId = skipMods(local, localId);
		targetId = skipMods(target, targetId);
		const kind = local.kindOf(localId);
		if (!kindCompat(kind, target.kindOf(targetId))) return 0;
		switch (kind) {
			case 0: case BtfKind.STRUCT: case BtfKind.UNION: case BtfKind.ENUM: case BtfKind.FWD: case BtfKind.ENUM64:
				return 1;
			case BtfKind.INT:
				return intEncoding(local, localId).offset === 0 && intEncoding(target, targetId).offset === 0 ? 1 : 0;
			case BtfKind.PTR:
				localId = referenced(local, localId);
				targetId = referenced(target, targetId);
				continue;
			case BtfKind.ARRAY: {
				const l = local.type(localId);
				const t = target.type(targetId);
				localId = l.kind === 'array' ? l.elem : 0;
				targetId = t.kind === 'array' ? t.elem : 0;
				continue;
			}

			case BtfKind.FUNC_PROTO: {
				const l = local.type(localId);
				const t = target.type(targetId);
				if (l.kind !== 'func_proto' || t.kind !== 'func_proto' || l.params.length !== t.params.length) return 0;
				for (let i = 0; i < l.params.length; i++) {
					if (level <= 0) return -1;
					const result = typesAreCompat(local, skipMods(local, l.params[i]!.type), target, skipMods(target, t.params[i]!.type), level - 1);
					if (result <= 0) return result;
				}

				localId = skipMods(local, l.returns);
				targetId = skipMods(target, t.returns);
				continue;
			}

			default:
				return 0;
		}
	}
}

function fieldsAreCompat(local: BtfIndex, localId: number, target: BtfIndex, targetId: number): number {
	for (let depth = 0; depth < MAX_DEPTH; depth++) {
		localId = skipMods(local, localId);
		targetId = skipMods(target, targetId);
		const kind = local.kindOf(localId);
		const targetKind = target.kindOf(targetId);
		if (isComposite(kind) && isComposite(targetKind)) return 1;
		if (!kindCompat(kind, targetKind)) return 0;
		switch (kind) {
			case BtfKind.PTR:
			case BtfKind.FLOAT:
				return 1;
			case BtfKind.FWD:
			case BtfKind.ENUM:
			case BtfKind.ENUM64: {
				const l = essentialName(local.nameOf(localId));
				const t = essentialName(target.nameOf(targetId));
				return l === '' || t === '' || l === t ? 1 : 0;
			}

			case BtfKind.INT:
				return intEncoding(local, localId).offset === 0 && intEncoding(target, targetId).offset === 0 ? 1 : 0;
			case BtfKind.ARRAY: {
				const l = local.type(localId);
				const t = target.type(targetId);
				localId = l.kind === 'array' ? l.elem : 0;
				targetId = t.kind === 'array' ? t.elem : 0;
				continue;
			}

			default:
				return 0;
		}
	}

	return -1;
}

function enumsMatch(local: BtfIndex, localId: number, target: BtfIndex, targetId: number): number {
	const l = local.type(localId);
	const t = target.type(targetId);
	if (l.kind !== 'enum' || t.kind !== 'enum' || l.size !== t.size || l.values.length > t.values.length) return 0;
	return l.values.every(v => t.values.some(w => namesMatch(v.name, w.name))) ? 1 : 0;
}

function compositesMatch(local: BtfIndex, localId: number, target: BtfIndex, targetId: number, behindPtr: boolean, level: number): number {
	const localMembers = members(local, localId);
	const targetMembers = members(target, targetId);
	if (localMembers.length > targetMembers.length) return 0;
	for (const member of localMembers) {
		let matched = false;
		for (const candidate of targetMembers) {
			if (!namesMatch(member.name, candidate.name)) continue;
			const result = typesMatchAt(local, member.type, target, candidate.type, behindPtr, level - 1);
			if (result < 0) return result;
			if (result > 0) {
				matched = true;
				break;
			}
		}

		if (!matched) return 0;
	}

	return 1;
}

export function typesMatch(local: BtfIndex, localId: number, target: BtfIndex, targetId: number): number {
	return typesMatchAt(local, localId, target, targetId, false, MAX_DEPTH);
}

function typesMatchAt(local: BtfIndex, localId: number, target: BtfIndex, targetId: number, behindPtr: boolean, level: number): number {
	if (level <= 0) return -1;
	for (let depth = MAX_DEPTH; ; ) {
		if (--depth < 0) return -1;
		localId = skipMods(local, localId);
		targetId = skipMods(target, targetId);
		if (!namesMatch(local.nameOf(localId), target.nameOf(targetId))) return 0;
		const localKind = local.kindOf(localId);
		const targetKind = target.kindOf(targetId);
		switch (localKind) {
			case 0:
				return localKind === targetKind ? 1 : 0;
			case BtfKind.FWD: {
				const localUnion = local.kflagOf(localId);
				if (behindPtr && localKind !== targetKind) return (targetKind === BtfKind.STRUCT && !localUnion) || (targetKind === BtfKind.UNION && localUnion) ? 1 : 0;
				if (localKind !== targetKind) return 0;
				return localUnion === target.kflagOf(targetId) ? 1 : 0;
			}

			case BtfKind.ENUM:
			case BtfKind.ENUM64:
				return isAnyEnum(targetKind) ? enumsMatch(local, localId, target, targetId) : 0;
			case BtfKind.STRUCT:
			case BtfKind.UNION:
				if (behindPtr) {
					if (localKind === targetKind) return 1;
					if (targetKind !== BtfKind.FWD) return 0;
					return (localKind === BtfKind.UNION) === target.kflagOf(targetId) ? 1 : 0;
				}

				if (localKind !== targetKind) return 0;
				return compositesMatch(local, localId, target, targetId, behindPtr, level);
			case BtfKind.INT: {
				if (localKind !== targetKind) return 0;
				const l = local.type(localId);
				const t = target.type(targetId);
				return l.kind === 'int' && t.kind === 'int' && l.size === t.size && l.signed === t.signed ? 1 : 0;
			}

			case BtfKind.PTR:
				if (localKind !== targetKind) return 0;
				behindPtr = true;
				localId = referenced(local, localId);
				targetId = referenced(target, targetId);
				continue;
			case BtfKind.ARRAY: {
				const l = local.type(localId);
				const t = target.type(targetId);
				if (l.kind !== 'array' || t.kind !== 'array' || l.length !== t.length) return 0;
				localId = l.elem;
				targetId = t.elem;
				continue;
			}

			case BtfKind.FUNC_PROTO: {
				const l = local.type(localId);
				const t = target.type(targetId);
				if (l.kind !== 'func_proto' || t.kind !== 'func_proto' || l.params.length !== t.params.length) return 0;
				for (let i = 0; i < l.params.length; i++) {
					const result = typesMatchAt(local, l.params[i]!.type, target, t.params[i]!.type, behindPtr, level - 1);
					if (result <= 0) return result;
				}

				localId = l.returns;
				targetId = t.returns;
				continue;
			}

			default:
				return 0;
		}
	}
}

// ——— specs ———

function isFlexArray(btf: BtfIndex, acc: Accessor | undefined, length: number): boolean {
	// Not a flexible array unless inside a struct, with no size, as its last member.
	if (acc?.name === undefined || length > 0) return false;
	return acc.idx === vlen(btf, acc.typeId) - 1;
}

/** bpf_core_parse_spec: the local access path, checked against the local types. Throws CoreError (-EINVAL). */
function parseSpec(btf: BtfIndex, relo: CoreRelocation): Spec {
	const invalid = (): never => {
		throw new CoreError('invalid');
	};
	if (relo.access === '' || relo.access.startsWith(':')) invalid();
	const spec: Spec = {btf, rootTypeId: relo.typeId, kind: relo.kind, raw: [], acc: [], bitOffset: 0};
	if (isTypeKind(relo.kind)) {
		if (relo.access !== '0') invalid();
		return spec;
	}

	for (const part of relo.access.split(':')) {
		if (!/^\d+$/.test(part)) invalid();
		if (spec.raw.length === SPEC_MAX_LEN) throw new CoreError('too long');
		spec.raw.push(Number(part));
	}

	let id = skipMods(btf, relo.typeId);
	const first = spec.raw[0]!;
	spec.acc.push({typeId: id, idx: first});
	if (isEnumvalKind(relo.kind)) {
		const type = btf.type(id);
		if (type.kind !== 'enum' || spec.raw.length > 1 || first >= type.values.length) invalid();
		spec.acc[0]!.name = (type as Extract<typeof type, {kind: 'enum'}>).values[first]!.name;
		return spec;
	}

	if (!isFieldKind(relo.kind)) invalid();
	const size = resolveSize(btf, id);
	if (size === undefined) invalid();
	spec.bitOffset = first * size! * 8;
	for (let i = 1; i < spec.raw.length; i++) {
		id = skipMods(btf, id);
		const index = spec.raw[i]!;
		const kind = btf.kindOf(id);
		if (isComposite(kind)) {
			const list = members(btf, id);
			if (index >= list.length) invalid();
			const member = list[index]!;
			spec.bitOffset += member.bitOffset;
			if (member.name !== '') spec.acc.push({typeId: id, idx: index, name: member.name});
			id = member.type;
		} else if (kind === BtfKind.ARRAY) {
			const array = btf.type(id) as Extract<ReturnType<BtfIndex['type']>, {kind: 'array'}>;
			id = skipMods(btf, array.elem);
			if (!isFlexArray(btf, spec.acc.at(-1), array.length) && index >= array.length) invalid();
			spec.acc.push({typeId: id, idx: index});
			const elemSize = resolveSize(btf, id);
			if (elemSize === undefined) invalid();
			spec.bitOffset += index * elemSize! * 8;
		} else {
			invalid();
		}
	}

	return spec;
}

/** bpf_core_match_member: finds the local named member in target type `targetId` (through anonymous members). */
function matchMember(local: BtfIndex, localAcc: Accessor, target: BtfIndex, targetId: number, spec: Spec, next: {id: number}): number {
	targetId = skipMods(target, targetId);
	if (!isComposite(target.kindOf(targetId))) return 0;
	const localMember = members(local, localAcc.typeId)[localAcc.idx]!;
	const list = members(target, targetId);
	for (let i = 0; i < list.length; i++) {
		const member = list[i]!;
		if (spec.raw.length === SPEC_MAX_LEN) throw new CoreError('too deep');
		spec.bitOffset += member.bitOffset;
		spec.raw.push(i);
		if (member.name === '') {
			const found = matchMember(local, localAcc, target, member.type, spec, next);
			if (found !== 0) return found;
		} else if (member.name === localMember.name) {
			spec.acc.push({typeId: targetId, idx: i, name: member.name});
			next.id = member.type;
			const found = fieldsAreCompat(local, localMember.type, target, member.type);
			if (found === 0) spec.acc.pop();
			return found;
		}

		spec.bitOffset -= member.bitOffset;
		spec.raw.pop();
	}

	return 0;
}

/** bpf_core_spec_match: the local spec on one candidate; 1 matched (spec filled), 0 not, < 0 error. */
function matchSpec(localSpec: Spec, target: BtfIndex, targetId: number): {result: number; spec: Spec} {
	const spec: Spec = {btf: target, rootTypeId: targetId, kind: localSpec.kind, raw: [], acc: [], bitOffset: 0};
	if (isTypeKind(localSpec.kind)) {
		const result = localSpec.kind === CoreKind.TYPE_MATCHES
			? typesMatch(localSpec.btf, localSpec.rootTypeId, target, targetId)
			: typesAreCompat(localSpec.btf, localSpec.rootTypeId, target, targetId);
		return {result, spec};
	}

	if (isEnumvalKind(localSpec.kind)) {
		const id = skipMods(target, targetId);
		const type = target.type(id);
		if (type.kind !== 'enum') return {result: 0, spec};
		const wanted = essentialName(localSpec.acc[0]!.name ?? '');
		const index = type.values.findIndex(v => essentialName(v.name) === wanted);
		if (index < 0) return {result: 0, spec};
		spec.acc.push({typeId: id, idx: index, name: type.values[index]!.name});
		spec.raw.push(index);
		return {result: 1, spec};
	}

	let id = targetId;
	for (let i = 0; i < localSpec.acc.length; i++) {
		const localAcc = localSpec.acc[i]!;
		id = skipMods(target, id);
		if (localAcc.name !== undefined) {
			const next = {id};
			const matched = matchMember(localSpec.btf, localAcc, target, id, spec, next);
			if (matched <= 0) return {result: matched, spec};
			id = next.id;
			continue;
		}

		if (i > 0) {
			const array = target.type(id);
			if (array.kind !== 'array') return {result: 0, spec};
			if (!isFlexArray(target, spec.acc[i - 1], array.length) && localAcc.idx >= array.length) return {result: 0, spec};
			id = skipMods(target, array.elem);
		}

		if (spec.raw.length === SPEC_MAX_LEN) throw new CoreError('too deep');
		spec.acc.push({typeId: id, idx: localAcc.idx});
		spec.raw.push(localAcc.idx);
		const size = resolveSize(target, id);
		if (size === undefined) return {result: -1, spec};
		spec.bitOffset += localAcc.idx * size * 8;
	}

	return {result: 1, spec};
}

/** bpf_core_format_spec: "<byte_off> [12] struct task_struct.pid (0:75 @ offset 2376)". */
export function formatSpec(spec: Spec): string {
	const btf = spec.btf;
	const kindText = (id: number) => ['unkn', 'int', 'ptr', 'array', 'struct', 'union', 'enum', 'fwd', 'typedef', 'volatile', 'const', 'restrict', 'func', 'func_proto', 'var', 'datasec', 'float', 'decl_tag', 'type_tag', 'enum64'][btf.kindOf(id)] ?? 'unknown';
	const rootName = btf.nameOf(spec.rootTypeId);
	let text = `<${coreKindName(spec.kind)}> [${spec.rootTypeId}] ${kindText(spec.rootTypeId)} ${rootName === '' ? '<anon>' : rootName}`;
	if (isTypeKind(spec.kind)) return text;
	if (isEnumvalKind(spec.kind)) {
		const type = btf.type(skipMods(btf, spec.rootTypeId));
		const value = type.kind === 'enum' ? type.values[spec.raw[0] ?? 0] : undefined;
		if (value !== undefined) text += `::${value.name} = ${value.value}`;
		return text;
	}

	spec.acc.forEach((acc, i) => {
		if (acc.name !== undefined) text += `.${acc.name}`;
		else if (i > 0 || acc.idx > 0) text += `[${acc.idx}]`;
	});
	text += ` (${spec.raw.join(':')}`;
	text += spec.bitOffset % 8 ? ` @ offset ${Math.floor(spec.bitOffset / 8)}.${spec.bitOffset % 8})` : ` @ offset ${spec.bitOffset / 8})`;
	return text;
}

// ——— values (bpf_core_calc_field_relo, …_type_relo, …_enumval_relo) ———

type FieldValue = {val: bigint; size: number; typeId: number; validate: boolean};

/** 'poison' asks for the instruction to be poisoned (libbpf's -EUCLEAN). */
function fieldValue(kind: number, spec: Spec | undefined): FieldValue | 'poison' {
	if (kind === CoreKind.FIELD_EXISTS) return {val: spec ? 1n : 0n, size: 0, typeId: 0, validate: true};
	if (!spec) return 'poison';
	const btf = spec.btf;
	const acc = spec.acc.at(-1)!;
	const elementSize = (id: number): number => {
		let elem = skipMods(btf, id);
		while (btf.kindOf(elem) === BtfKind.ARRAY) elem = skipMods(btf, (btf.type(elem) as {elem: number}).elem);
		const size = resolveSize(btf, elem);
		if (size === undefined) throw new CoreError('cannot size field');
		return size;
	};

	if (acc.name === undefined) {
		// An array element accessor (a[n]).
		if (kind === CoreKind.FIELD_BYTE_OFFSET) return {val: BigInt(Math.floor(spec.bitOffset / 8)), size: elementSize(acc.typeId), typeId: acc.typeId, validate: true};
		if (kind === CoreKind.FIELD_BYTE_SIZE) {
			const size = resolveSize(btf, acc.typeId);
			if (size === undefined) throw new CoreError('cannot size field');
			return {val: BigInt(size), size: 0, typeId: 0, validate: true};
		}

		throw new CoreError(`relo ${kind} can't be applied to array access`);
	}

	const member = members(btf, acc.typeId)[acc.idx]!;
	const fieldTypeId = skipMods(btf, member.type);
	const fieldType = btf.type(fieldTypeId);
	const bitOff = spec.bitOffset;
	let bitSize = member.bitSize ?? 0;
	const bitfield = bitSize > 0;
	let byteSize: number;
	let byteOff: number;
	if (bitfield) {
		byteSize = 'size' in fieldType ? fieldType.size : 0;
		byteOff = Math.floor(bitOff / 8 / byteSize) * byteSize;
		// The smallest load that holds the whole bitfield.
		while (bitOff + bitSize - byteOff * 8 > byteSize * 8) {
			if (byteSize >= 8) throw new CoreError(`relo ${kind} can't be satisfied for bitfield`);
			byteSize *= 2;
			byteOff = Math.floor(bitOff / 8 / byteSize) * byteSize;
		}
	} else {
		const size = resolveSize(btf, fieldTypeId);
		if (size === undefined) throw new CoreError('cannot size field');
		byteSize = size;
		byteOff = Math.floor(bitOff / 8);
		bitSize = byteSize * 8;
	}

	// Bitfield offsets are ambiguous (the compiler may disagree): only signedness and shifts are checked.
	switch (kind) {
		case CoreKind.FIELD_BYTE_OFFSET:
			return {val: BigInt(byteOff), size: bitfield ? 0 : elementSize(fieldTypeId), typeId: bitfield ? 0 : fieldTypeId, validate: !bitfield};
		case CoreKind.FIELD_BYTE_SIZE:
			return {val: BigInt(byteSize), size: 0, typeId: 0, validate: !bitfield};
		case CoreKind.FIELD_SIGNED: {
			const signed = (fieldType.kind === 'enum' && btf.kflagOf(fieldTypeId)) || (fieldType.kind === 'int' && fieldType.signed);
			return {val: signed ? 1n : 0n, size: 0, typeId: 0, validate: true};
		}

		case CoreKind.FIELD_LSHIFT_U64:
			return {val: BigInt(64 - (bitOff + bitSize - byteOff * 8)), size: 0, typeId: 0, validate: !bitfield};
		case CoreKind.FIELD_RSHIFT_U64:
			return {val: BigInt(64 - bitSize), size: 0, typeId: 0, validate: true};
		default:
			throw new CoreError('unsupported');
	}
}

function typeValue(kind: number, spec: Spec | undefined): bigint {
	if (!spec) return 0n;
	switch (kind) {
		case CoreKind.TYPE_ID_TARGET:
			return BigInt(spec.rootTypeId);
		case CoreKind.TYPE_EXISTS:
		case CoreKind.TYPE_MATCHES:
			return 1n;
		case CoreKind.TYPE_SIZE: {
			const size = resolveSize(spec.btf, spec.rootTypeId);
			if (size === undefined) throw new CoreError('cannot size type');
			return BigInt(size);
		}

		default:
			throw new CoreError('unsupported');
	}
}

function enumValue(kind: number, spec: Spec | undefined): bigint | 'poison' {
	if (kind === CoreKind.ENUMVAL_EXISTS) return spec ? 1n : 0n;
	if (!spec) return 'poison';
	const acc = spec.acc[0]!;
	const type = spec.btf.type(acc.typeId);
	if (type.kind !== 'enum') throw new CoreError('not an enum');
	const value = type.values[acc.idx]!.value;
	// A 32-bit enumerator is an s32 widened to u64; a 64-bit one is its u64.
	return spec.btf.kindOf(acc.typeId) === BtfKind.ENUM ? BigInt.asUintN(64, BigInt.asIntN(32, value)) : BigInt.asUintN(64, value);
}

/** bpf_core_calc_relo: the result for one candidate spec (or none). */
function calcRelo(relo: CoreRelocation, local: Spec, target: Spec | undefined): CoreResult {
	const result: CoreResult = {origVal: 0n, newVal: 0n, poison: false, validate: true, failMemszAdjust: false, origSz: 0, newSz: 0, origTypeId: 0, newTypeId: 0};
	if (isFieldKind(relo.kind)) {
		const orig = fieldValue(relo.kind, local);
		const next = fieldValue(relo.kind, target);
		if (orig === 'poison' || next === 'poison') {
			result.poison = true;
			return result;
		}

		Object.assign(result, {origVal: orig.val, origSz: orig.size, origTypeId: orig.typeId, validate: orig.validate, newVal: next.val, newSz: next.size, newTypeId: next.typeId});
		if (result.origSz !== result.newSz) {
			// Resizing a load is safe only for pointers and unsigned integers (zero extension keeps the value).
			const origKind = local.btf.kindOf(result.origTypeId);
			const newKind = target!.btf.kindOf(result.newTypeId);
			const unsigned = (btf: BtfIndex, id: number) => !intEncoding(btf, id).signed;
			const safe = (origKind === BtfKind.PTR && newKind === BtfKind.PTR)
				|| (origKind === BtfKind.INT && newKind === BtfKind.INT && unsigned(local.btf, result.origTypeId) && unsigned(target!.btf, result.newTypeId));
			result.failMemszAdjust = !safe;
		}
	} else if (isTypeKind(relo.kind)) {
		result.origVal = typeValue(relo.kind, local);
		result.validate = relo.kind !== CoreKind.TYPE_ID_TARGET;
		result.newVal = typeValue(relo.kind, target);
	} else if (isEnumvalKind(relo.kind)) {
		const orig = enumValue(relo.kind, local);
		const next = enumValue(relo.kind, target);
		if (orig === 'poison' || next === 'poison') result.poison = true;
		else Object.assign(result, {origVal: orig, newVal: next});
	} else {
		throw new CoreError(`unrecognized CO-RE relocation ${coreKindName(relo.kind)} (${relo.kind})`);
	}

	return result;
}

/** Resolves CO-RE relocations of one object's BTF against a target BTF, caching candidates per local root type (as libbpf does, pruned as relocations rule candidates out). */
export class CoreResolver {
	private readonly candidates = new Map<number, number[]>();

	constructor(readonly local: BtfIndex, readonly target: BtfIndex) {}

	/** The local spec as libbpf prints it (for messages about a poisoned instruction). */
	describe(relo: CoreRelocation): string {
		try {
			return formatSpec(parseSpec(this.local, relo));
		} catch {
			return `<${coreKindName(relo.kind)}> [${relo.typeId}] ${relo.access}`;
		}
	}

	/** bpf_core_calc_relo_insn. Throws CoreError with libbpf's reason when the load must fail. */
	resolve(relo: CoreRelocation): CoreResult {
		const local = this.local;
		const localName = local.nameOf(relo.typeId);
		let localSpec: Spec;
		try {
			localSpec = parseSpec(local, relo);
		} catch (error) {
			if (!(error instanceof CoreError)) throw error;
			const kinds = ['unkn', 'int', 'ptr', 'array', 'struct', 'union', 'enum', 'fwd', 'typedef', 'volatile', 'const', 'restrict', 'func', 'func_proto', 'var', 'datasec', 'float', 'decl_tag', 'type_tag', 'enum64'];
			throw new CoreError(`parsing [${relo.typeId}] ${kinds[local.kindOf(relo.typeId)] ?? 'unknown'} ${localName === '' ? '<anon>' : localName} + ${relo.access} failed: ${error.message === 'invalid' ? -22 : -7}`);
		}

		if (relo.kind === CoreKind.TYPE_ID_LOCAL) {
			return {origVal: BigInt(relo.typeId), newVal: BigInt(relo.typeId), poison: false, validate: false, failMemszAdjust: false, origSz: 0, newSz: 0, origTypeId: 0, newTypeId: 0};
		}

		if (localName === '') throw new CoreError(`<${coreKindName(relo.kind)}> (${relo.kind}) relocation doesn't support anonymous types`);
		const candidates = this.candidatesOf(relo.typeId);
		let chosen: {result: CoreResult; spec: Spec} | undefined;
		const kept: number[] = [];
		for (const candidate of candidates) {
			const {result: matched, spec} = matchSpec(localSpec, this.target, candidate);
			if (matched < 0) throw new CoreError(`error matching candidate ${formatSpec(spec)}: ${matched}`);
			if (matched === 0) continue;
			const result = calcRelo(relo, localSpec, spec);
			if (chosen === undefined) {
				chosen = {result, spec};
			} else if (spec.bitOffset !== chosen.spec.bitOffset) {
				throw new CoreError(`field offset ambiguity: ${spec.bitOffset} != ${chosen.spec.bitOffset}`);
			} else if (result.poison !== chosen.result.poison || result.newVal !== chosen.result.newVal) {
				const say = (r: CoreResult) => `${r.poison ? 'failure' : 'success'} ${r.newVal}`;
				throw new CoreError(`relocation decision ambiguity: ${say(result)} != ${say(chosen.result)}`);
			}

			kept.push(candidate);
		}

		// Candidates that did not match are dropped for the type's later relocations (libbpf prunes its cache).
		if (kept.length > 0) this.candidates.set(relo.typeId, kept);
		return chosen?.result ?? calcRelo(relo, localSpec, undefined);
	}

	/** bpf_core_find_cands: target types of a compatible kind whose essential name is the local one's. */
	private candidatesOf(localId: number): number[] {
		let found = this.candidates.get(localId);
		if (found === undefined) {
			const kind = this.local.kindOf(localId);
			const target = this.target;
			found = target.byEssentialName(essentialName(this.local.nameOf(localId)), isAnyEnum(kind) ? [BtfKind.ENUM, BtfKind.ENUM64] : [kind]);
			this.candidates.set(localId, found);
		}

		return found;
	}
}

// ——— patching (bpf_core_patch_insn) ———

const OP_LD_IMM64 = 0x18;
const CLASS = {LD: 0, LDX: 1, ST: 2, STX: 3, ALU: 4, JMP: 5, ALU64: 7} as const;
const SIZE_BYTES: Record<number, number> = {0x00: 4, 0x08: 2, 0x10: 1, 0x18: 8};
const BYTES_SIZE: Record<number, number> = {4: 0x00, 2: 0x08, 1: 0x10, 8: 0x18};

function poisonInsn(view: DataView, index: number): void {
	const at = index * 8;
	view.setUint8(at, 0x85); // BPF_JMP | BPF_CALL
	view.setUint8(at + 1, 0);
	view.setInt16(at + 2, 0, true);
	view.setInt32(at + 4, POISON_HELPER, true);
}

/** Rewrites instruction `index` of `insns` (in place). Returns 'poisoned' or 'patched'; throws CoreError. */
export function patchInsn(insns: Uint8Array, index: number, result: CoreResult): 'poisoned' | 'patched' {
	const view = new DataView(insns.buffer, insns.byteOffset, insns.byteLength);
	const at = index * 8;
	if (at + 8 > insns.length) throw new CoreError(`insn #${index} is outside the program`);
	const code = view.getUint8(at);
	const poison = (): 'poisoned' => {
		if (code === OP_LD_IMM64 && at + 16 <= insns.length) poisonInsn(view, index + 1);
		poisonInsn(view, index);
		return 'poisoned';
	};

	if (result.poison) return poison();
	const {origVal, newVal} = result;
	switch (code & 0x07) {
		case CLASS.ALU:
		case CLASS.ALU64: {
			if ((code & 0x08) !== 0) throw new CoreError(`insn #${index} (ALU/ALU64) has a register operand`);
			const imm = view.getInt32(at + 4, true);
			if (result.validate && BigInt.asUintN(64, BigInt(imm)) !== origVal) throw new CoreError(`unexpected insn #${index} (ALU/ALU64) value: got ${imm}, exp ${origVal} -> ${newVal}`);
			view.setInt32(at + 4, Number(BigInt.asIntN(32, newVal)), true);
			return 'patched';
		}

		case CLASS.LDX:
		case CLASS.ST:
		case CLASS.STX: {
			const off = view.getInt16(at + 2, true);
			if (result.validate && BigInt.asUintN(64, BigInt(off)) !== origVal) throw new CoreError(`unexpected insn #${index} (LDX/ST/STX) value: got ${off}, exp ${origVal} -> ${newVal}`);
			if (newVal > 0x7fffn) throw new CoreError(`insn #${index} (LDX/ST/STX) value too big: ${newVal}`);
			if (result.failMemszAdjust) return poison();
			view.setInt16(at + 2, Number(newVal), true);
			if (result.newSz !== result.origSz) {
				const bytes = SIZE_BYTES[code & 0x18]!;
				if (bytes !== result.origSz) throw new CoreError(`insn #${index} (LDX/ST/STX) unexpected mem size: got ${bytes}, exp ${result.origSz}`);
				const size = BYTES_SIZE[result.newSz];
				if (size === undefined) throw new CoreError(`insn #${index} (LDX/ST/STX) invalid new mem size: ${result.newSz}`);
				view.setUint8(at, (code & 0xe0) | size | (code & 0x07));
			}

			return 'patched';
		}

		case CLASS.LD: {
			const plain = code === OP_LD_IMM64 && at + 16 <= insns.length && view.getUint8(at + 1) >> 4 === 0 && view.getInt16(at + 2, true) === 0
				&& view.getUint8(at + 8) === 0 && view.getUint8(at + 9) === 0 && view.getInt16(at + 10, true) === 0;
			if (!plain) throw new CoreError(`insn #${index} (LDIMM64) has unexpected form`);
			const imm = (BigInt(view.getUint32(at + 12, true)) << 32n) | BigInt(view.getUint32(at + 4, true));
			if (result.validate && imm !== origVal) throw new CoreError(`unexpected insn #${index} (LDIMM64) value: got ${imm}, exp ${origVal} -> ${newVal}`);
			view.setUint32(at + 4, Number(newVal & 0xffff_ffffn), true);
			view.setUint32(at + 12, Number((newVal >> 32n) & 0xffff_ffffn), true);
			return 'patched';
		}

		default:
			throw new CoreError(`trying to relocate unrecognized insn #${index}, code:0x${code.toString(16)}`);
	}
}
