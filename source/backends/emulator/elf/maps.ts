// The maps an object declares, as libbpf (the one bundled with this machine's bpftool) creates them:
// legacy `maps` definitions, BTF-defined `.maps`, then one array map per global-data section.

import type {BtfType, MapSpec} from '../object.js';
import type {RawBtf, RawBtfType} from '../btf/parse.js';
import {rawType, resolveType, skipModifiers, typeSize} from '../btf/resolve.js';
import {LoadError} from './load-error.js';
import {SHF_EXECINSTR, SHT_NOBITS, SHT_PROGBITS, STT_SECTION, type ElfFile, type ElfSection} from './reader.js';

/** bpftool's names, indexed by enum bpf_map_type. */
const MAP_TYPES = [
	'unspec', 'hash', 'array', 'prog_array', 'perf_event_array', 'percpu_hash', 'percpu_array', 'stack_trace',
	'cgroup_array', 'lru_hash', 'lru_percpu_hash', 'lpm_trie', 'array_of_maps', 'hash_of_maps', 'devmap', 'sockmap',
	'cpumap', 'xskmap', 'sockhash', 'cgroup_storage', 'reuseport_sockarray', 'percpu_cgroup_storage', 'queue', 'stack',
	'sk_storage', 'devmap_hash', 'struct_ops', 'ringbuf', 'inode_storage', 'task_storage', 'bloom_filter', 'user_ringbuf',
	'cgrp_storage', 'arena',
] as const;

// libbpf creates these without BTF key/value types (the kernel would reject them).
const NO_BTF_TYPES = new Set(['perf_event_array', 'cgroup_array', 'stack_trace', 'array_of_maps', 'hash_of_maps', 'devmap', 'devmap_hash', 'cpumap', 'xskmap', 'sockmap', 'sockhash', 'queue', 'stack']);

export const BPF_F_RDONLY_PROG = 0x80;
export const BPF_F_MMAPABLE = 0x400;
const OBJ_NAME_LEN = 16;
const PAGE_SIZE = 4096;

/** A map plus where the ELF refers to it: fd maps by symbol offset in their section, data maps by section. */
export type MapSite = {
	readonly spec: MapSpec;
	readonly section: number;
	/** 'fd' maps: offset of the map's symbol in its section; data maps: 0. */
	readonly offset: number;
	readonly kind: 'fd' | 'value';
};

/** libbpf's object name: the file's base name cut to 15 characters, then at its first dot. */
export function objectName(file: string): string {
	const base = file.slice(file.lastIndexOf('/') + 1).slice(0, OBJ_NAME_LEN - 1);
	const dot = base.indexOf('.');
	return dot < 0 ? base : base.slice(0, dot);
}

/**
 * libbpf's internal_map_name: as much of the object name as fits before the section name, which
 * always keeps (at least) 7 characters; sections with a second dot ('.rodata.str1.1') get no prefix.
 */
export function internalMapName(object: string, section: string): string {
	const suffix = Math.min(Math.max(7, section.length), OBJ_NAME_LEN - 1);
	const prefix = section.indexOf('.', 1) >= 0 ? 0 : Math.min(OBJ_NAME_LEN - suffix - 1, object.length);
	return (object.slice(0, prefix) + section.slice(0, suffix)).slice(0, OBJ_NAME_LEN - 1).replace(/[^A-Za-z0-9_.]/g, '_');
}

export function mapTypeName(file: string, type: number, map: string): string {
	const name = MAP_TYPES[type];
	if (!name || type === 0) throw new LoadError(file, `map '${map}': unknown map type ${type}`);
	return name;
}

// libbpf rounds a ring buffer up to a power-of-two number of pages.
function ringbufSize(size: number): number {
	if (size === 0) return 0;
	if (size % PAGE_SIZE === 0 && Number.isInteger(Math.log2(size / PAGE_SIZE))) return size;
	let pages = 1;
	while (pages * PAGE_SIZE <= size) pages *= 2;
	return pages * PAGE_SIZE;
}

function kernelName(name: string): string {
	return name.slice(0, OBJ_NAME_LEN - 1);
}

/** `maps` section: an array of struct bpf_map_def, one symbol per map (pre-BTF style). */
function legacyMaps(elf: ElfFile, section: ElfSection): MapSite[] {
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
function btfMaps(elf: ElfFile, section: ElfSection, btf: RawBtf | undefined): MapSite[] {
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

/** Which global-data kind a section is, by libbpf's name rules; undefined for anything else. */
export function dataSectionKind(section: ElfSection): 'data' | 'rodata' | 'bss' | undefined {
	const named = (base: string) => section.name === base || section.name.startsWith(`${base}.`);
	if (section.type === SHT_PROGBITS && (section.flags & SHF_EXECINSTR) === 0) {
		if (named('.data')) return 'data';
		if (named('.rodata')) return 'rodata';
	}
	if (section.type === SHT_NOBITS && named('.bss')) return 'bss';
	return undefined;
}

/** The DATASEC of a global-data section, with the offsets clang leaves for the linker filled from ELF symbols. */
function datasecType(elf: ElfFile, section: ElfSection, btf: RawBtf | undefined): BtfType | undefined {
	const datasec = btf?.types.find((t): t is Extract<RawBtfType, {kind: 'datasec'}> => t.kind === 'datasec' && t.name === section.name);
	if (!btf || !datasec) return undefined;
	const vars = [];
	for (const info of datasec.vars) {
		const variable = rawType(btf, info.type);
		if (variable.kind !== 'var') continue;
		const type = resolveType(btf, variable.type);
		if (!type) continue;
		const symbol = elf.symbols.find(s => s.section === section.index && s.name === variable.name && s.type !== STT_SECTION);
		vars.push({name: variable.name, type, offset: symbol ? symbol.value : info.offset, size: info.size || (typeSize(btf, variable.type) ?? 0)});
	}
	vars.sort((a, b) => a.offset - b.offset);
	return {kind: 'datasec', name: section.name, size: section.size, vars};
}

function dataMap(elf: ElfFile, section: ElfSection, kind: 'data' | 'rodata' | 'bss', object: string, btf: RawBtf | undefined): MapSite {
	const valueType = datasecType(elf, section, btf);
	// libbpf as bundled with bpftool v7.1 makes every global-data map mmapable (the kernel shows
	// .bss 1024, .rodata 1152, .rodata.str1.1 1152 on this machine); .rodata is read-only to programs.
	const spec: MapSpec = {
		name: internalMapName(object, section.name),
		type: 'array',
		keySize: 4,
		valueSize: section.size,
		maxEntries: 1,
		flags: BPF_F_MMAPABLE | (kind === 'rodata' ? BPF_F_RDONLY_PROG : 0),
		...(kind === 'bss' ? {} : {initialValue: elf.data(section).slice()}),
		...(kind === 'rodata' ? {frozen: true} : {}),
		...(valueType ? {valueType} : {}),
	};
	return {spec, section: section.index, offset: 0, kind: 'value'};
}

/** All maps of the object, in the order libbpf creates them. */
export function collectMaps(elf: ElfFile, btf: RawBtf | undefined, object: string): MapSite[] {
	const sites: MapSite[] = [];
	const legacy = elf.sectionByName('maps');
	if (legacy && legacy.size > 0) sites.push(...legacyMaps(elf, legacy));
	const maps = elf.sectionByName('.maps');
	if (maps && maps.size > 0) sites.push(...btfMaps(elf, maps, btf));
	for (const section of elf.sections) {
		const kind = dataSectionKind(section);
		if (kind && section.size > 0) sites.push(dataMap(elf, section, kind, object, btf));
	}
	const seen = new Set<string>();
	for (const {spec} of sites) {
		if (seen.has(spec.name)) throw new LoadError(elf.file, `two maps are named '${spec.name}' (names are cut to 15 characters)`);
		seen.add(spec.name);
	}
	return sites;
}
