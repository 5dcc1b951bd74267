// A strict reader for ELF64 little-endian relocatable objects, the format clang -target bpf emits.
// Every offset and size is checked against the buffer before use, so a damaged file fails with a
// LoadError naming what is wrong instead of a RangeError from deep inside a DataView.

import {LoadError} from './load-error.js';

export const EM_BPF = 247;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;
export const SHF_EXECINSTR = 0x4;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STB_LOCAL = 0;
const SHN_LORESERVE = 0xff00;

const EHDR_SIZE = 64;
const SHDR_SIZE = 64;
const SYM_SIZE = 24;
const REL_SIZE = 16;

// Names for the machines a learner is most likely to feed us by mistake.
const MACHINES: Readonly<Record<number, string>> = {
	3: 'x86 (32-bit)',
	40: 'ARM',
	62: 'x86-64',
	183: 'AArch64',
	243: 'RISC-V',
};

export type ElfSection = {
	readonly index: number;
	readonly name: string;
	readonly type: number;
	readonly flags: number;
	readonly offset: number;
	readonly size: number;
	readonly link: number;
	readonly info: number;
	readonly entsize: number;
};

export type ElfSymbol = {
	readonly index: number;
	readonly name: string;
	/** STT_* */
	readonly type: number;
	/** STB_* */
	readonly bind: number;
	/** STV_* */
	readonly visibility: number;
	/** Section index (0 = undefined, i.e. an extern). */
	readonly section: number;
	readonly value: number;
	readonly size: number;
};

export type ElfRel = {
	/** Byte offset in the target section. */
	readonly offset: number;
	readonly symbol: number;
	readonly type: number;
};

export type ElfFile = {
	readonly file: string;
	readonly machine: number;
	readonly sections: readonly ElfSection[];
	readonly symbols: readonly ElfSymbol[];
	/** A section's bytes; NOBITS sections (.bss) read as zeroes of their size. */
	data(section: ElfSection): Uint8Array;
	/** The REL entries of a relocation section. */
	relocations(section: ElfSection): readonly ElfRel[];
	sectionByName(name: string): ElfSection | undefined;
};

/** Reads the header, section table, section names and symbol table; throws LoadError on anything malformed. */
export function readElf(file: string, input: Uint8Array): ElfFile {
	// A plain Uint8Array view: a Node Buffer's slice() would share memory instead of copying.
	const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
	const fail = (problem: string): never => {
		throw new LoadError(file, problem);
	};

	if (bytes.length < 4 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
		fail('not an ELF file');
	}
	if (bytes.length < 16) fail(`truncated ELF header (${bytes.length} bytes, need ${EHDR_SIZE})`);
	if (bytes[4] !== 2) fail(bytes[4] === 1 ? '32-bit ELF object; BPF objects are 64-bit' : `unknown ELF class ${bytes[4]}`);
	if (bytes[5] !== 1) fail(bytes[5] === 2 ? 'big-endian ELF object; expected little-endian BPF (clang -target bpf, or bpfel)' : `unknown ELF data encoding ${bytes[5]}`);
	if (bytes.length < EHDR_SIZE) fail(`truncated ELF header (${bytes.length} bytes, need ${EHDR_SIZE})`);

	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const u16 = (at: number) => view.getUint16(at, true);
	const u32 = (at: number) => view.getUint32(at, true);
	const u64 = (at: number, what: string): number => {
		const value = view.getBigUint64(at, true);
		if (value > BigInt(Number.MAX_SAFE_INTEGER)) fail(`${what} out of range`);
		return Number(value);
	};

	const type = u16(16);
	const machine = u16(18);
	// libbpf accepts machine 0 too (old clang); anything else is an object for another CPU.
	if (machine !== EM_BPF && machine !== 0) {
		const known = MACHINES[machine];
		fail(known ? `built for ${known} (machine ${machine}), not BPF` : `built for machine ${machine}, not BPF (${EM_BPF})`);
	}
	if (type !== 1) fail(`not a relocatable object (ELF type ${type}); compile with clang -target bpf -c`);

	const shoff = u64(40, 'section header offset');
	const shentsize = u16(58);
	const shnum = u16(60);
	const shstrndx = u16(62);
	if (shnum === 0) fail('no section headers');
	if (shentsize !== SHDR_SIZE) fail(`unexpected section header size ${shentsize}`);
	if (shoff + shnum * SHDR_SIZE > bytes.length) fail(`truncated: section headers end at byte ${shoff + shnum * SHDR_SIZE}, file has ${bytes.length}`);
	if (shstrndx >= shnum) fail(`section name table index ${shstrndx} out of range`);

	type RawSection = Omit<ElfSection, 'name'> & {readonly nameOffset: number};
	const raw: RawSection[] = [];
	for (let index = 0; index < shnum; index++) {
		const at = shoff + index * SHDR_SIZE;
		const section: RawSection = {
			index,
			nameOffset: u32(at),
			type: u32(at + 4),
			flags: u64(at + 8, 'section flags'),
			offset: u64(at + 24, 'section offset'),
			size: u64(at + 32, 'section size'),
			link: u32(at + 40),
			info: u32(at + 44),
			entsize: u64(at + 56, 'section entry size'),
		};
		if (section.type !== SHT_NOBITS && section.type !== 0 && section.offset + section.size > bytes.length) {
			fail(`truncated: section #${index} ends at byte ${section.offset + section.size}, file has ${bytes.length}`);
		}
		raw.push(section);
	}

	const decoder = new TextDecoder();
	const stringAt = (table: RawSection, offset: number, what: string): string => {
		if (table.type !== SHT_STRTAB) fail(`${what}: section #${table.index} is not a string table`);
		if (offset >= table.size) fail(`${what}: name offset ${offset} outside string table`);
		const start = table.offset + offset;
		const end = bytes.indexOf(0, start);
		if (end < 0 || end >= table.offset + table.size) fail(`${what}: unterminated name in string table`);
		return decoder.decode(bytes.subarray(start, end));
	};

	const shstrtab = raw[shstrndx]!;
	const sections: ElfSection[] = raw.map(({nameOffset, ...section}) => ({
		...section,
		name: section.index === 0 ? '' : stringAt(shstrtab, nameOffset, `section #${section.index}`),
	}));

	const symtabs = sections.filter(s => s.type === SHT_SYMTAB);
	if (symtabs.length === 0) fail('no symbol table (stripped object?)');
	if (symtabs.length > 1) fail('more than one symbol table');
	const symtab = symtabs[0]!;
	if (symtab.entsize !== SYM_SIZE || symtab.size % SYM_SIZE !== 0) fail('malformed symbol table');
	const strtab = raw[symtab.link];
	if (!strtab) fail('symbol table links to a missing string table');

	const symbols: ElfSymbol[] = [];
	for (let index = 0; index < symtab.size / SYM_SIZE; index++) {
		const at = symtab.offset + index * SYM_SIZE;
		const info = bytes[at + 4]!;
		const section = u16(at + 6);
		if (section >= shnum && section < SHN_LORESERVE) fail(`symbol #${index} refers to missing section ${section}`);
		symbols.push({
			index,
			name: stringAt(strtab!, u32(at), `symbol #${index}`),
			type: info & 0xf,
			bind: info >> 4,
			visibility: bytes[at + 5]! & 0x3,
			section,
			value: u64(at + 8, 'symbol value'),
			size: u64(at + 16, 'symbol size'),
		});
	}

	return {
		file,
		machine,
		sections,
		symbols,
		data(section) {
			if (section.type === SHT_NOBITS) return new Uint8Array(section.size);
			return bytes.subarray(section.offset, section.offset + section.size);
		},
		relocations(section) {
			if (section.type !== SHT_REL) fail(`section ${section.name} is not a REL section`);
			if (section.entsize !== REL_SIZE || section.size % REL_SIZE !== 0) fail(`malformed relocation section ${section.name}`);
			const rels: ElfRel[] = [];
			for (let at = section.offset; at < section.offset + section.size; at += REL_SIZE) {
				const info = view.getBigUint64(at + 8, true);
				const rel = {offset: u64(at, 'relocation offset'), symbol: Number(info >> 32n), type: Number(info & 0xffffffffn)};
				if (rel.symbol >= symbols.length) fail(`relocation in ${section.name} refers to missing symbol #${rel.symbol}`);
				rels.push(rel);
			}
			return rels;
		},
		sectionByName(name) {
			return sections.find(s => s.name === name);
		},
	};
}
