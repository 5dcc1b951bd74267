// A map's key and value types from raw BTF records (the blob the kernel hands out for the map's
// btf_id), in the simplified model format.ts prints — with bpftool's own rules where they differ
// from C's view: a char array is a string only when its element is `char` (or BTF_INT_CHAR) with
// no typedef in between (`__u8 data[16]` is numbers), an int's encoding bits decide bitfields.
// The raw parser is the emulator's (backends/emulator/btf/parse.ts), used as it is.
import type {RawBtf, RawBtfType} from '../emulator/btf/parse.js';
import type {BtfMember, BtfType, MapBtf} from '../../btf/types.js';

/** Qualifiers bpftool looks through even for strings (btf_is_mod); typedefs it follows otherwise. */
const qualifiers = new Set(['volatile', 'const', 'restrict', 'type_tag']);

export function mapBtf(btf: RawBtf, keyTypeId: number, valueTypeId: number): MapBtf {
	const key = keyTypeId === 0 ? undefined : btfType(btf, keyTypeId);
	const value = valueTypeId === 0 ? undefined : btfType(btf, valueTypeId);
	return {...(key ? {key} : {}), ...(value ? {value} : {})};
}

/** The type behind an id; undefined for an id outside the table. Bounded depth against malformed loops. */
export function btfType(btf: RawBtf, id: number, depth = 0): BtfType | undefined {
	const raw = btf.types[id];
	if (raw === undefined || depth > 64) return undefined;
	switch (raw.kind) {
		case 'int':
			return {
				kind: 'int',
				name: raw.name,
				size: raw.size,
				signed: raw.signed,
				...(raw.bool ? {bool: true} : {}),
				...(raw.char ? {charEncoding: true} : {}),
				...(raw.bits === raw.size * 8 ? {} : {bits: raw.bits}),
				...(raw.bitOffset === 0 ? {} : {bitOffset: raw.bitOffset}),
			};
		case 'float':
			return {kind: 'float', name: raw.name, size: raw.size};
		case 'ptr':
			return {kind: 'ptr', size: 8};
		case 'array': {
			const elem = btfType(btf, raw.elem, depth + 1);
			return elem && {kind: 'array', elem, length: raw.length, string: isStringElement(btf, raw.elem)};
		}

		case 'struct':
		case 'union': {
			const members: BtfMember[] = [];
			for (const member of raw.members) {
				const type = btfType(btf, member.type, depth + 1);
				if (!type) return undefined;
				members.push({name: member.name, type, bitOffset: member.bitOffset, ...(member.bitSize ? {bitSize: member.bitSize} : {})});
			}

			return {kind: raw.kind, name: raw.name, size: raw.size, members};
		}

		case 'enum':
			return {kind: 'enum', name: raw.name, size: raw.size, signed: raw.signed, values: raw.values};
		case 'typedef':
		case 'volatile':
		case 'const':
		case 'restrict':
		case 'type_tag':
		case 'var':
			return btfType(btf, raw.type, depth + 1);
		case 'datasec': {
			const vars = [];
			for (const info of raw.vars) {
				const variable = btf.types[info.type];
				const type = variable?.kind === 'var' ? btfType(btf, variable.type, depth + 1) : undefined;
				if (!type || variable?.kind !== 'var') return undefined;
				vars.push({name: variable.name, type, offset: info.offset, size: info.size});
			}

			return {kind: 'datasec', name: raw.name, size: raw.size, vars};
		}

		default:
			return {kind: 'unsupported', name: 'name' in raw ? raw.name : raw.kind, size: 0};
	}
}

/** bpftool's is_str_array, minus the bytes: qualifiers skipped, typedefs not, a 1-byte int named char or BTF_INT_CHAR. */
function isStringElement(btf: RawBtf, id: number): boolean {
	let type: RawBtfType | undefined = btf.types[id];
	for (let hops = 0; type && qualifiers.has(type.kind) && 'type' in type && hops < 64; hops++) type = btf.types[type.type];
	return type?.kind === 'int' && type.size === 1 && (type.char || type.name === 'char');
}
