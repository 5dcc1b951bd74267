// Turns raw BTF records into the simplified BtfType model the emulator formats map values with,
// and prints function prototypes the way bpftool does (`int hello(struct xdp_md * ctx)`).

import type {BtfMember, BtfType} from '../object.js';
import type {RawBtf, RawBtfType} from './parse.js';

const MODIFIERS = new Set(['typedef', 'volatile', 'const', 'restrict', 'type_tag']);
const CHAR_NAMES = new Set(['char', 'signed char', 'unsigned char']);

/** The record behind an id, or void for an id outside the table. */
export function rawType(btf: RawBtf, id: number): RawBtfType {
	return btf.type(id);
}

/** Follows typedefs and qualifiers to the type underneath (bounded, in case of a malformed loop). */
export function skipModifiers(btf: RawBtf, id: number): {readonly id: number; readonly type: RawBtfType} {
	let type = rawType(btf, id);
	for (let hops = 0; hops < 64 && MODIFIERS.has(type.kind) && 'type' in type; hops++) {
		id = type.type;
		type = rawType(btf, id);
	}
	return {id, type};
}

/** Byte size of a type as C's sizeof sees it; undefined for void, functions and forward declarations. */
export function typeSize(btf: RawBtf, id: number, depth = 0): number | undefined {
	if (depth > 64) return undefined;
	const {type} = skipModifiers(btf, id);
	switch (type.kind) {
		case 'int':
		case 'struct':
		case 'union':
		case 'enum':
		case 'float':
		case 'datasec':
			return type.size;
		case 'ptr':
			return 8;
		case 'array': {
			const elem = typeSize(btf, type.elem, depth + 1);
			return elem === undefined ? undefined : elem * type.length;
		}
		case 'var':
			return typeSize(btf, type.type, depth + 1);
		default:
			return undefined;
	}
}

/** The simplified model of a type; undefined where the model has no shape for it (void, fwd, func). */
export function resolveType(btf: RawBtf, id: number, depth = 0): BtfType | undefined {
	if (depth > 64) return undefined;
	const {type} = skipModifiers(btf, id);
	switch (type.kind) {
		case 'int': {
			// clang encodes char as plain SIGNED; bpftool recognises string arrays by the element's name.
			const char = type.char || (type.size === 1 && CHAR_NAMES.has(type.name));
			return {kind: 'int', name: type.name, size: type.size, signed: type.signed, ...(char ? {char: true} : {}), ...(type.bool ? {bool: true} : {})};
		}
		case 'float':
			return {kind: 'float', name: type.name, size: type.size};
		case 'ptr':
			return {kind: 'ptr', size: 8};
		case 'array': {
			const elem = resolveType(btf, type.elem, depth + 1);
			return elem && {kind: 'array', elem, length: type.length};
		}
		case 'struct':
		case 'union': {
			const members: BtfMember[] = [];
			for (const member of type.members) {
				const memberType = resolveType(btf, member.type, depth + 1);
				if (!memberType) return undefined;
				members.push({name: member.name, type: memberType, bitOffset: member.bitOffset, ...(member.bitSize ? {bitSize: member.bitSize} : {})});
			}
			return {kind: type.kind, name: type.name, size: type.size, members};
		}
		case 'enum':
			return {kind: 'enum', name: type.name, size: type.size, signed: type.signed, values: type.values};
		case 'var':
			return resolveType(btf, type.type, depth + 1);
		default:
			return undefined;
	}
}

/** A type as bpftool's __btf_dumper_type_only prints it: every token followed by a space. */
function typeOnly(btf: RawBtf, id: number, depth: number): string {
	if (depth > 64) return '';
	if (id === 0) return 'void ';
	const type = rawType(btf, id);
	switch (type.kind) {
		case 'int':
		case 'typedef':
		case 'float':
			return `${type.name} `;
		case 'struct':
		case 'union':
			return `${type.kind} ${type.name} `;
		case 'enum':
			return `enum ${type.name} `;
		case 'array':
			return `${typeOnly(btf, type.elem, depth + 1)}[${type.length}]`;
		case 'ptr':
			return `${typeOnly(btf, type.type, depth + 1)}* `;
		case 'fwd':
			return `${type.union ? 'union' : 'struct'} ${type.name} `;
		case 'volatile':
		case 'const':
		case 'restrict':
			return `${type.kind} ${typeOnly(btf, type.type, depth + 1)}`;
		case 'type_tag':
			return typeOnly(btf, type.type, depth + 1);
		case 'func': {
			const proto = rawType(btf, type.type);
			return proto.kind === 'func_proto' ? funcSignature(btf, proto, type.name, depth + 1) : '';
		}
		case 'func_proto':
			return funcSignature(btf, type, '', depth + 1);
		default:
			return '';
	}
}

function funcSignature(btf: RawBtf, proto: Extract<RawBtfType, {kind: 'func_proto'}>, name: string, depth: number): string {
	const params = proto.params.map(param => {
		if (param.type === 0) return '...';
		const type = typeOnly(btf, param.type, depth);
		// bpftool drops the trailing space when a parameter has no name.
		return param.name ? type + param.name : type.replace(/ $/, '');
	});
	return `${typeOnly(btf, proto.returns, depth)}${name}(${params.join(', ')})`;
}

/** A FUNC's prototype exactly as `bpftool prog dump xlated` prints it above the function. */
export function funcProto(btf: RawBtf, funcId: number): string {
	return typeOnly(btf, funcId, 0);
}
