// Global variables: libbpf makes each non-empty .data*, .rodata* and .bss* section a one-entry
// array map named after the object and the section, holding the section's initial bytes.

import type {BtfType, MapSpec} from '../object.js';
import type {RawBtf, RawBtfType} from '../btf/parse.js';
import {rawType, resolveType, typeSize} from '../btf/resolve.js';
import {OBJ_NAME_LEN, type MapSite} from './map-types.js';
import {internalMapName} from './map-types.js';

export {internalMapName} from './map-types.js';
import {SHF_EXECINSTR, SHT_NOBITS, SHT_PROGBITS, STT_SECTION, type ElfFile, type ElfSection} from './reader.js';

export const BPF_F_RDONLY_PROG = 0x80;
export const BPF_F_MMAPABLE = 0x400;

/** libbpf's object name: the file's base name cut to 15 characters, then at its first dot. */
export function objectName(file: string): string {
	const base = file.slice(file.lastIndexOf('/') + 1).slice(0, OBJ_NAME_LEN - 1);
	const dot = base.indexOf('.');
	return dot < 0 ? base : base.slice(0, dot);
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

export function dataMap(elf: ElfFile, section: ElfSection, kind: 'data' | 'rodata' | 'bss', object: string, btf: RawBtf | undefined): MapSite {
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
