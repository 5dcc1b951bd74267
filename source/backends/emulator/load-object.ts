// `bpftop-ts --load X.bpf.o`: turns a BPF ELF object compiled with `clang -target bpf -g -O2 -c`
// into the BpfObjectSpec the emulated kernel loads, the way libbpf would prepare it for the real
// kernel. All or nothing: any problem throws a LoadError before a spec is returned.

import {readFile} from 'node:fs/promises';
import type {BpfObjectSpec, ProgramSpec} from './object.js';
import {parseBtfExt, type BtfExt} from './btf/ext.js';
import {parseBtf, type RawBtf} from './btf/parse.js';
import {programInfo} from './btf/program-info.js';
import {helperIds} from './elf/insn.js';
import {LoadError} from './elf/load-error.js';
import {objectName} from './elf/global-data.js';
import {collectMaps} from './elf/maps.js';
import {findFunctions, linkProgram} from './elf/programs.js';
import {readElf, type ElfFile} from './elf/reader.js';
import {programTypeForSection} from './elf/section-types.js';

export {LoadError} from './elf/load-error.js';
export {helperIds} from './elf/insn.js';

/** The helper ids a program calls (call instructions with src_reg 0), first use first, no repeats. */
export function programHelperIds(program: ProgramSpec): number[] {
	return helperIds(program.insns);
}

function license(elf: ElfFile): string {
	const section = elf.sectionByName('license');
	if (!section) return '';
	const data = elf.data(section);
	const end = data.indexOf(0);
	// libbpf keeps at most 63 characters.
	return new TextDecoder().decode(data.subarray(0, end < 0 ? data.length : end)).slice(0, 63);
}

/**
 * Parses an object's bytes. `file` is the file name (or path) as the user gave it: errors name it,
 * and libbpf's object name (which prefixes global-data maps) is derived from its base name.
 */
export function parseObject(file: string, bytes: Uint8Array): BpfObjectSpec {
	const elf = readElf(file, bytes);
	const btfSection = elf.sectionByName('.BTF');
	const btf: RawBtf | undefined = btfSection ? parseBtf(file, elf.data(btfSection)) : undefined;
	const extSection = elf.sectionByName('.BTF.ext');
	const ext: BtfExt | undefined = btf && extSection ? parseBtfExt(file, elf.data(extSection), btf) : undefined;

	for (const section of elf.sections) {
		// Sections libbpf turns into kernel objects the emulator has no model for.
		if (section.size === 0) continue;
		if (section.name === '.struct_ops' || section.name === '.struct_ops.link') throw new LoadError(file, `struct_ops maps (section ${section.name}) are not supported`);
		if (section.name.startsWith('.addr_space.')) throw new LoadError(file, `arena maps (section ${section.name}) are not supported`);
	}

	const name = objectName(file);
	const maps = collectMaps(elf, btf, name);
	const functions = findFunctions(elf);
	const mains = functions.filter(f => f.section.name !== '.text');
	if (mains.length === 0) throw new LoadError(file, 'no BPF programs (only .text functions; put programs in a SEC("…") section)');

	// CO-RE needs the running kernel's BTF to rewrite field offsets; the emulator has none.
	const coreSection = [...(ext?.entries() ?? [])].find(([, records]) => records.coreRelos > 0)?.[0];
	if (coreSection !== undefined) throw new LoadError(file, `section ${coreSection}: CO-RE relocations (BPF_CORE_READ, vmlinux.h, preserve_access_index) are not supported by the emulator`);

	const programs = mains.map((main): ProgramSpec => {
		const type = programTypeForSection(main.section.name);
		if (!type) throw new LoadError(file, `program '${main.name}': unknown section '${main.section.name}', cannot tell the program type`);
		const linked = linkProgram(elf, main, functions, maps);
		const info = btf && ext ? programInfo(btf, ext, linked.placements) : undefined;
		return {
			name: main.name,
			section: main.section.name,
			type,
			insns: linked.insns,
			mapRefs: linked.mapRefs,
			...(info && info.funcInfo.length > 0 ? {funcInfo: info.funcInfo} : {}),
			...(info && info.lineInfo.length > 0 ? {lineInfo: info.lineInfo} : {}),
		};
	});

	return {name, license: license(elf), programs, maps: maps.map(site => site.spec)};
}

/** Reads and parses an object file; a missing or unreadable file is a LoadError too. */
export async function loadObjectFile(path: string): Promise<BpfObjectSpec> {
	let bytes: Uint8Array;
	try {
		bytes = await readFile(path);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new LoadError(path, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? String(error)})`);
	}
	return parseObject(path, bytes);
}
