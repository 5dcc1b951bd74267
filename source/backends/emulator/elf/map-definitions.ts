// Maps a program declares: BTF-defined `.maps` (libbpf's parse_btf_map_def) and pre-BTF `maps`
// sections of struct bpf_map_def.

import type {BtfType, MapSpec} from '../object.js';
import type {RawBtf, RawBtfType} from '../btf/parse.js';
import {rawType, resolveType, skipModifiers, typeSize} from '../btf/resolve.js';
import {LoadError} from './load-error.js';
import {kernelName, mapTypeName, NO_BTF_TYPES, ringbufSize, type MapSite} from './map-types.js';
import {STT_SECTION, type ElfFile, type ElfSection} from './reader.js';

/** `maps` section: an array of struct bpf_map_def, one symbol per map (pre-BTF style). */
export function legacyMaps(elf: ElfFile, section: ElfSection): MapSite[] {
	const symbols = elf.symbols.filter(s => s.section === section.index && s.type !== STT_SECTION && s.name !== '').sort((a, b) => a.value - b.value);
	if (symbols.length === 0) return [];
	const defSize = Math.floor(section.size / symbols.length);
	if (defSize < 20) throw new LoadError(elf.file, `'maps' section: map definitions are ${defSize} bytes, need at least 20`);
	const data = elf.data(section);
	const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
	return symbols.map(symbol => {
		if (symbol.value + 20 > data.length) throw new LoadError(elf.file, `map '${symbol.name}' lies outside the 'maps' section`);
		const u32 = (field: number) => view.getUint32(symbol.value + field * 4, true);
		const type = mapTypeName(elf.file, u32(0), symbol.name);
		return {
			spec: {name: kernelName(symbol.name), type, keySize: u32(1), valueSize: u32(2), maxEntries: type === 'ringbuf' ? ringbufSize(u32(3)) : u32(3), flags: u32(4)},
			section: section.index,
			offset: symbol.value,
			kind: 'fd',
		};
	});
}

/** `.maps`: one BTF VAR per map whose struct members encode the definition (libbpf's parse_btf_map_def). */
export function btfMaps(elf: ElfFile, section: ElfSection, btf: RawBtf | undefined): MapSite[] {
	const fail = (problem: string): never => {
		throw new LoadError(elf.file, problem);
	};
	if (!btf) fail("'.maps' section but no .BTF: compile with -g");
	const datasec = btf!.types.find((t): t is Extract<RawBtfType, {kind: 'datasec'}> => t.kind === 'datasec' && t.name === '.maps');
	if (!datasec) fail("'.maps' section has no DATASEC in .BTF");

	return datasec!.vars.map(info => {
		const variable = rawType(btf!, info.type);
		if (variable.kind !== 'var') return fail(`.maps: entry of kind ${variable.kind} is not a variable`);
		const name = variable.name;
		const symbol = elf.symbols.find(s => s.section === section.index && s.name === name);
		if (!symbol) fail(`map '${name}': no ELF symbol in .maps`);
		const def = skipModifiers(btf!, variable.type).type;
		if (def.kind !== 'struct') return fail(`map '${name}': definition is not a struct`);

		// __uint(name, N) is `int (*name)[N]`: the value is the array length behind the pointer.
		const intField = (member: string, type: number): number => {
			const pointer = skipModifiers(btf!, type).type;
			const array = pointer.kind === 'ptr' ? skipModifiers(btf!, pointer.type).type : undefined;
			if (array?.kind !== 'array') return fail(`map '${name}': field '${member}' is not __uint/__type-encoded`);
			return array.length;
		};
		// __type(name, T) is `typeof(T) *name`.
		const typeField = (member: string, type: number): {size: number; type: BtfType | undefined} => {
			const pointer = skipModifiers(btf!, type).type;
			if (pointer.kind !== 'ptr') return fail(`map '${name}': ${member} spec is not a pointer`);
			const size = typeSize(btf!, pointer.type);
			if (size === undefined) return fail(`map '${name}': cannot size the ${member} type`);
			return {size, type: resolveType(btf!, pointer.type)};
		};

		let type: number | undefined;
		let keySize = 0;
		let valueSize = 0;
		let maxEntries = 0;
		let flags = 0;
		let keyType: BtfType | undefined;
		let valueType: BtfType | undefined;
		const setSize = (what: string, old: number, size: number) => {
			if (old && old !== size) fail(`map '${name}': conflicting ${what} size ${old} != ${size}`);
			return size;
		};
		for (const member of def.members) {
			switch (member.name) {
				case 'type': type = intField(member.name, member.type); break;
				case 'max_entries': maxEntries = intField(member.name, member.type); break;
				case 'map_flags': flags = intField(member.name, member.type); break;
				case 'key_size': keySize = setSize('key', keySize, intField(member.name, member.type)); break;
				case 'value_size': valueSize = setSize('value', valueSize, intField(member.name, member.type)); break;
				case 'key': {
					const key = typeField('key', member.type);
					keySize = setSize('key', keySize, key.size);
					keyType = key.type;
					break;
				}
				case 'value': {
					const value = typeField('value', member.type);
					valueSize = setSize('value', valueSize, value.size);
					valueType = value.type;
					break;
				}
				// Placement and pinning hints do not change what the kernel shows for the map.
				case 'numa_node':
				case 'pinning':
				case 'map_extra':
					intField(member.name, member.type);
					break;
				case 'values':
					return fail(`map '${name}': initial 'values' (map-in-map or prog-array contents) are not supported`);
				default:
					return fail(`map '${name}': unknown field '${member.name}'`);
			}
		}
		if (type === undefined) return fail(`map '${name}': no 'type' field`);
		const typeName = mapTypeName(elf.file, type, name);
		const withBtf = !NO_BTF_TYPES.has(typeName);
		const spec: MapSpec = {
			name: kernelName(name),
			type: typeName,
			keySize,
			valueSize,
			maxEntries: typeName === 'ringbuf' ? ringbufSize(maxEntries) : maxEntries,
			flags,
			...(withBtf && keyType ? {keyType} : {}),
			...(withBtf && valueType ? {valueType} : {}),
		};
		return {spec, section: section.index, offset: symbol!.value, kind: 'fd'} satisfies MapSite;
	}).sort((a, b) => a.offset - b.offset); // libbpf sorts DATASEC vars by offset before creating maps
}
