// Programs and subprograms as libbpf finds them: every STT_FUNC symbol in an executable section.
// Functions in .text are subprograms; each main program gets the subprograms it calls appended
// after its own code (in first-call order, recursively) and its call immediates rewritten.

import type {KernelSymbolRef, MapReference} from '../object.js';
import type {ExternUse} from './externs.js';
import {LoadError} from './load-error.js';
import {INSN_SIZE, OP_CALL, OP_LD_IMM64, PSEUDO_BTF_ID, PSEUDO_CALL, PSEUDO_FUNC, PSEUDO_KFUNC_CALL, isPseudoFunc, isSubprogCall, readInsn, setSrcReg, writeImm, writeOff} from './insn.js';
import type {MapSite} from './maps.js';
import {SHF_EXECINSTR, SHT_PROGBITS, SHT_REL, STB_LOCAL, STT_FUNC, type ElfFile, type ElfRel, type ElfSection} from './reader.js';

const R_BPF_64_64 = 1;
const R_BPF_64_32 = 10;

export type ElfFunction = {
	readonly name: string;
	readonly section: ElfSection;
	/** First instruction, counted from the start of its section. */
	readonly start: number;
	readonly count: number;
	readonly insns: Uint8Array;
	/** Relocations by instruction index within the function. */
	readonly relocations: ReadonlyMap<number, ElfRel>;
};

/** A linked main program: its code with subprograms appended, and where each function landed. */
export type LinkedProgram = {
	readonly main: ElfFunction;
	readonly insns: Uint8Array;
	readonly placements: ReadonlyArray<{readonly func: ElfFunction; readonly at: number}>;
	readonly mapRefs: readonly MapReference[];
	/** Kernel variables (typed __ksym) and kfuncs the program refers to. */
	readonly kernelRefs: readonly KernelSymbolRef[];
};

function isCode(section: ElfSection): boolean {
	return section.type === SHT_PROGBITS && (section.flags & SHF_EXECINSTR) !== 0 && section.size > 0;
}

/** Every function of every code section, ordered by section then offset (libbpf's order). */
export function findFunctions(elf: ElfFile): ElfFunction[] {
	const fail = (problem: string): never => {
		throw new LoadError(elf.file, problem);
	};
	const relocationsBySection = new Map<number, ElfRel[]>();
	for (const section of elf.sections) {
		if (section.type !== SHT_REL) continue;
		const target = elf.sections[section.info];
		// libbpf ignores relocations of non-code sections (.BTF, .BTF.ext, DWARF); .maps ones
		// initialise map-in-map slots, which we do not support.
		if (target?.name === '.maps' && section.size > 0) fail(`relocations in .maps (map-in-map or prog-array initial values) are not supported`);
		if (!target || !isCode(target)) continue;
		relocationsBySection.set(target.index, [...(relocationsBySection.get(target.index) ?? []), ...elf.relocations(section)]);
	}

	const functions: ElfFunction[] = [];
	for (const section of elf.sections) {
		if (!isCode(section)) continue;
		if (section.size % INSN_SIZE !== 0) fail(`section ${section.name}: size ${section.size} is not a whole number of instructions`);
		const data = elf.data(section);
		const symbols = elf.symbols.filter(s => s.section === section.index && s.type === STT_FUNC).sort((a, b) => a.value - b.value);
		for (const symbol of symbols) {
			if (symbol.value % INSN_SIZE !== 0 || symbol.size % INSN_SIZE !== 0) fail(`function ${symbol.name} is not instruction-aligned`);
			if (symbol.value + symbol.size > section.size) fail(`function ${symbol.name} crosses the end of section ${section.name}`);
			if (section.name !== '.text' && symbol.bind === STB_LOCAL) fail(`program '${symbol.name}' in section ${section.name} is static; BPF programs must be global`);
			const start = symbol.value / INSN_SIZE;
			const count = symbol.size / INSN_SIZE;
			const relocations = new Map<number, ElfRel>();
			for (const rel of relocationsBySection.get(section.index) ?? []) {
				const index = rel.offset / INSN_SIZE;
				if (index >= start && index < start + count) relocations.set(index - start, rel);
			}
			functions.push({name: symbol.name, section, start, count, insns: data.slice(symbol.value, symbol.value + symbol.size), relocations});
		}
		for (const rel of relocationsBySection.get(section.index) ?? []) {
			if (rel.offset % INSN_SIZE !== 0 || rel.offset >= section.size) fail(`relocation at byte ${rel.offset} of ${section.name} is not on an instruction`);
		}
	}
	return functions;
}

/** Links one main program; `maps` resolves ld_imm64 relocations to maps, `externs` those to extern symbols. */
export function linkProgram(elf: ElfFile, main: ElfFunction, functions: readonly ElfFunction[], maps: readonly MapSite[], externs: ReadonlyMap<number, ExternUse> = new Map()): LinkedProgram {
	const fail = (problem: string): never => {
		throw new LoadError(elf.file, `program '${main.name}': ${problem}`);
	};
	const text = elf.sectionByName('.text');
	let insns = main.insns.slice();
	const placed = new Map<ElfFunction, number>([[main, 0]]);
	const placements = [{func: main, at: 0}];
	const mapRefs: MapReference[] = [];
	const kernelRefs: KernelSymbolRef[] = [];

	const subprogAt = (sectionInsn: number, from: ElfFunction, index: number): ElfFunction => {
		const sub = functions.find(f => f.section === text && f.start === sectionInsn);
		if (!sub) return fail(`call at ${from.name}+${index} does not land on the start of a function in .text`);
		return sub;
	};

	const relocate = (func: ElfFunction): void => {
		const base = placed.get(func)!;
		for (let index = 0; index < func.count; index++) {
			const insn = readInsn(insns, base + index);
			const rel = func.relocations.get(index);
			let target: ElfFunction | undefined;

			if (rel) {
				const symbol = elf.symbols[rel.symbol]!;
				const where = `${func.name}+${index}`;
				if (rel.type !== R_BPF_64_64 && rel.type !== R_BPF_64_32) fail(`unsupported relocation type ${rel.type} at ${where}`);
				if (symbol.section === 0) {
					const use = externs.get(rel.symbol);
					if (!use) return fail(`refers to undefined symbol '${symbol.name}' at ${where}`);
					if (insn.code === OP_CALL) {
						if (use.kind !== 'kfunc') fail(`call at ${where} to extern '${symbol.name}', which is not a function`);
						const kfunc = use as Extract<ExternUse, {kind: 'kfunc'}>;
						setSrcReg(insns, base + index, PSEUDO_KFUNC_CALL);
						writeImm(insns, base + index, kfunc.btfId);
						writeOff(insns, base + index, 0);
						kernelRefs.push({insn: base + index, kind: 'kfunc', name: kfunc.name, btfId: kfunc.btfId});
						continue;
					}

					if (insn.code !== OP_LD_IMM64 || index + 1 >= func.count) fail(`extern '${symbol.name}' at ${where} is used by neither a call nor an ld_imm64`);
					if (use.kind === 'kconfig') {
						mapRefs.push({insn: base + index, map: use.map, kind: 'value', offset: use.offset});
					} else if (use.kind === 'btf_var') {
						setSrcReg(insns, base + index, PSEUDO_BTF_ID);
						writeImm(insns, base + index, use.btfId);
						writeImm(insns, base + index + 1, 0);
						kernelRefs.push({insn: base + index, kind: 'var', name: use.name, btfId: use.btfId, typeId: use.typeId});
					} else if (use.kind === 'address') {
						writeImm(insns, base + index, Number(BigInt.asIntN(32, use.address)));
						writeImm(insns, base + index + 1, Number(BigInt.asIntN(32, use.address >> 32n)));
					} else {
						fail(`ld_imm64 at ${where} loads kfunc '${symbol.name}'`);
					}

					index++;
					continue;
				}

				const section = elf.sections[symbol.section];
				const sectionName = section?.name ?? `#${symbol.section}`; // absolute/common symbols have no section
				if (insn.code === OP_CALL) {
					if (insn.src !== PSEUDO_CALL) fail(`relocated call at ${where} is not a BPF-to-BPF call`);
					if (section !== text) fail(`call at ${where} targets section ${sectionName}; subprograms must be in .text`);
					target = subprogAt(symbol.value / INSN_SIZE + insn.imm + 1, func, index);
				} else if (insn.code === OP_LD_IMM64) {
					if (index + 1 >= func.count) fail(`ld_imm64 at ${where} is cut off by the end of the function`);
					if (section === text) {
						// A callback's address (bpf_loop, bpf_for_each_map_elem …): clang leaves src_reg 0 and
						// a byte offset; libbpf marks it BPF_PSEUDO_FUNC and makes the offset pc-relative.
						if ((symbol.value + insn.imm) % INSN_SIZE !== 0) fail(`function address at ${where} is not instruction-aligned`);
						setSrcReg(insns, base + index, PSEUDO_FUNC);
						target = subprogAt((symbol.value + insn.imm) / INSN_SIZE, func, index);
					} else {
						const site = maps.find(m => m.section === symbol.section && (m.kind === 'value' || m.offset === symbol.value));
						if (!site) fail(`ld_imm64 at ${where} refers to '${symbol.name || sectionName}' in section ${sectionName}, which is not a map`);
						mapRefs.push({insn: base + index, map: site!.spec.name, kind: site!.kind, offset: site!.kind === 'value' ? symbol.value + insn.imm : 0});
						index++; // skip the second slot
						continue;
					}
				} else {
					fail(`relocation at ${where} is on neither a call nor an ld_imm64 (opcode 0x${insn.code.toString(16)})`);
				}
			} else if (isSubprogCall(insn)) {
				// A call into the same section needs no relocation: imm is relative to the call itself.
				if (func.section !== text) fail(`call at ${func.name}+${index} stays in section ${func.section.name}; subprograms must be in .text`);
				target = subprogAt(func.start + index + insn.imm + 1, func, index);
			} else if (isPseudoFunc(insn)) {
				fail(`function-pointer load at ${func.name}+${index} has no relocation`);
			} else if (insn.code === OP_CALL && insn.src === PSEUDO_KFUNC_CALL) {
				fail(`kfunc call at ${func.name}+${index} is not supported`);
			}

			if (target) {
				if (!placed.has(target)) {
					const at = insns.length / INSN_SIZE;
					const grown = new Uint8Array(insns.length + target.insns.length);
					grown.set(insns);
					grown.set(target.insns, insns.length);
					insns = grown;
					placed.set(target, at);
					placements.push({func: target, at});
					relocate(target);
				}
				writeImm(insns, base + index, placed.get(target)! - (base + index) - 1);
			}
			if (insn.code === OP_LD_IMM64) index++;
		}
	};

	relocate(main);
	mapRefs.sort((a, b) => a.insn - b.insn);
	kernelRefs.sort((a, b) => a.insn - b.insn);
	return {main, insns, placements, mapRefs, kernelRefs};
}
