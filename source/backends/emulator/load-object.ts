// `bpftop-ts --load X.bpf.o`: turns a BPF ELF object compiled with `clang -target bpf -g -O2 -c`
// into the BpfObjectSpec the emulated kernel loads, the way libbpf would prepare it for the real
// kernel. All or nothing: any problem throws a LoadError before a spec is returned.

import {readFile} from 'node:fs/promises';
import type {BpfObjectSpec, ProgramSpec} from './object.js';
import {parseBtfExt, type BtfExt} from './btf/ext.js';
import {BtfKind, parseBtf, type BtfIndex} from './btf/parse.js';
import {programInfo} from './btf/program-info.js';
import {applyCore} from './elf/core-relocate.js';
import {collectExterns, type Externs} from './elf/externs.js';
import {helperIds} from './elf/insn.js';
import {LoadError} from './elf/load-error.js';
import {objectName} from './elf/global-data.js';
import {collectMaps} from './elf/maps.js';
import {findFunctions, linkProgram} from './elf/programs.js';
import {readElf, type ElfFile} from './elf/reader.js';
import {sectionDef} from './elf/section-types.js';
import {hostTarget, type KernelTarget} from './kernel-target.js';

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

export type ParseOptions = {
	/**
	 * The kernel to prepare the object for (CO-RE target, externs, attach targets). Default: this
	 * machine's (hostTarget()), read only when the object needs it.
	 */
	readonly target?: KernelTarget;
};

/** Finds the kernel BTF type a tp_btf/fentry/fexit/lsm/iter program attaches to, as libbpf's find_kernel_btf_id does. */
function attachBtfId(kernel: BtfIndex, attachType: string | undefined, name: string): number | undefined {
	const [prefix, kind] = attachType === 'trace_raw_tp' ? ['btf_trace_', BtfKind.TYPEDEF]
		: attachType === 'lsm_mac' || attachType === 'lsm_cgroup' ? ['bpf_lsm_', BtfKind.FUNC]
			: attachType === 'trace_iter' ? ['bpf_iter_', BtfKind.FUNC]
				: ['', BtfKind.FUNC];
	return kernel.byName(prefix + name, [kind])[0];
}

/**
 * Parses an object's bytes. `file` is the file name (or path) as the user gave it: errors name it,
 * and libbpf's object name (which prefixes global-data maps) is derived from its base name.
 */
export function parseObject(file: string, bytes: Uint8Array, options: ParseOptions = {}): BpfObjectSpec {
	const elf = readElf(file, bytes);
	const btfSection = elf.sectionByName('.BTF');
	const btf: BtfIndex | undefined = btfSection ? parseBtf(file, elf.data(btfSection)) : undefined;
	const extSection = elf.sectionByName('.BTF.ext');
	const ext: BtfExt | undefined = btf && extSection ? parseBtfExt(file, elf.data(extSection), btf) : undefined;

	for (const section of elf.sections) {
		// Sections libbpf turns into kernel objects the emulator has no model for.
		if (section.size === 0) continue;
		if (section.name === '.struct_ops' || section.name === '.struct_ops.link') throw new LoadError(file, `struct_ops maps (section ${section.name}) are not supported`);
		if (section.name.startsWith('.addr_space.')) throw new LoadError(file, `arena maps (section ${section.name}) are not supported`);
	}

	const name = objectName(file);
	const functions = findFunctions(elf);
	const mains = functions.filter(f => f.section.name !== '.text');
	if (mains.length === 0) throw new LoadError(file, 'no BPF programs (only .text functions; put programs in a SEC("…") section)');
	const defs = new Map(mains.map(main => [main, sectionDef(main.section.name)]));

	// The kernel is consulted (its 5 MB BTF read) only when the object needs it, as libbpf does.
	const coreCount = [...(ext?.values() ?? [])].reduce((sum, records) => sum + records.coreRelos.length, 0);
	const hasExterns = elf.symbols.some(s => s.section === 0 && s.name !== '' && s.type === 0 && s.bind !== 0);
	const needsKernel = coreCount > 0 || hasExterns || [...defs.values()].some(def => def?.btfTarget === true);
	const target = needsKernel ? options.target ?? hostTarget() : undefined;
	const notes: string[] = [];

	const externs: Externs = target ? collectExterns(elf, btf, name, target) : {uses: new Map(), notes: []};
	notes.push(...externs.notes);
	const sites = collectMaps(elf, btf, name);
	if (externs.kconfigMap) {
		if (sites.some(site => site.spec.name === externs.kconfigMap!.spec.name)) throw new LoadError(file, `two maps are named '${externs.kconfigMap.spec.name}' (names are cut to 15 characters)`);
		sites.push(externs.kconfigMap);
	}

	// libbpf loads programs whose section starts with '?' only when asked to.
	const skipped = new Set(mains.filter(main => main.section.name.startsWith('?')));
	const core = btf && target && coreCount > 0 ? applyCore(file, functions, ext, btf, target.btf ?? btf, skipped) : undefined;

	const programs = mains.filter(main => !skipped.has(main)).map((main): ProgramSpec => {
		const def = defs.get(main);
		if (!def) throw new LoadError(file, `program '${main.name}': unknown section '${main.section.name}', cannot tell the program type`);
		const linked = linkProgram(elf, main, functions, sites, externs.uses);
		const info = btf && ext ? programInfo(btf, ext, linked.placements) : undefined;
		const poisoned = linked.placements.flatMap(({func, at}) => (core?.poisoned.get(func) ?? []).map(p => ({insn: at + p.index, relocation: p.relocation})));
		const programNotes: string[] = [];
		let btfId: number | undefined;
		if (def.btfTarget && def.attachType !== undefined && def.target !== undefined) {
			if (target?.btf) {
				btfId = attachBtfId(target.btf, def.attachType, def.target);
				if (btfId === undefined) programNotes.push(`libbpf would refuse it: failed to find kernel BTF type ID of '${def.target}': -3 (a tool sets the real target before loading)`);
			} else {
				programNotes.push(`attach target '${def.target}' not checked: ${target?.source ?? 'no kernel BTF'}`);
			}
		}

		return {
			name: main.name,
			section: main.section.name,
			type: def.type,
			insns: linked.insns,
			mapRefs: linked.mapRefs,
			...(info && info.funcInfo.length > 0 ? {funcInfo: info.funcInfo} : {}),
			...(info && info.lineInfo.length > 0 ? {lineInfo: info.lineInfo} : {}),
			...(def.attachType ? {attachType: def.attachType} : {}),
			...(def.target !== undefined ? {attachTo: def.target} : {}),
			...(btfId !== undefined ? {attachBtfId: btfId} : {}),
			...(linked.kernelRefs.length > 0 ? {kernelRefs: linked.kernelRefs} : {}),
			...(poisoned.length > 0 ? {poisoned} : {}),
			...(programNotes.length > 0 ? {notes: programNotes} : {}),
		};
	});
	if (programs.length === 0) throw new LoadError(file, 'no programs to load (every program is in a SEC("?…") section, which libbpf loads only on request)');

	return {
		name,
		license: license(elf),
		programs,
		maps: sites.map(site => site.spec),
		...(core ? {core: {target: target!.source, relocations: core.relocations, poisoned: [...core.poisoned.values()].reduce((sum, list) => sum + list.length, 0)}} : {}),
		...(notes.length > 0 ? {notes} : {}),
		...(target?.btf ?? btf ? {kernelBtf: target?.btf ?? btf} : {}),
		...(btf ? {localBtf: btf} : {}),
	};
}

/** Reads and parses an object file; a missing or unreadable file is a LoadError too. */
export async function loadObjectFile(path: string, options: ParseOptions = {}): Promise<BpfObjectSpec> {
	let bytes: Uint8Array;
	try {
		bytes = await readFile(path);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new LoadError(path, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? String(error)})`);
	}
	return parseObject(path, bytes, options);
}
