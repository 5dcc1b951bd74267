// Applies an object's CO-RE relocations to its functions' instructions, before subprograms are
// linked (libbpf's bpf_object__relocate_core: each relocation belongs to the function whose
// section range holds its instruction; programs that are not loaded are skipped).

import {CoreError, CoreResolver, patchInsn} from '../btf/core.js';
import type {BtfExt} from '../btf/ext.js';
import type {BtfIndex} from '../btf/parse.js';
import {LoadError} from './load-error.js';
import type {ElfFunction} from './programs.js';

export type CoreOutcome = {
	readonly relocations: number;
	/** Poisoned instructions per function: index within the function, and the relocation (libbpf's spec text). */
	readonly poisoned: ReadonlyMap<ElfFunction, ReadonlyArray<{readonly index: number; readonly relocation: string}>>;
};

export function applyCore(file: string, functions: readonly ElfFunction[], ext: BtfExt | undefined, local: BtfIndex, target: BtfIndex, skip: ReadonlySet<ElfFunction>): CoreOutcome {
	const poisoned = new Map<ElfFunction, Array<{index: number; relocation: string}>>();
	let relocations = 0;
	if (!ext) return {relocations, poisoned};
	const resolver = new CoreResolver(local, target);
	for (const [sectionName, records] of ext) {
		records.coreRelos.forEach((relo, number) => {
			if (relo.insnOff % 8 !== 0) throw new LoadError(file, `section ${sectionName}: CO-RE relocation #${number} is not on an instruction`);
			const sectionInsn = relo.insnOff / 8;
			const func = functions.find(f => f.section.name === sectionName && sectionInsn >= f.start && sectionInsn < f.start + f.count);
			// libbpf skips relocations of eliminated weak functions, and of programs it will not load.
			if (!func || skip.has(func)) return;
			const index = sectionInsn - func.start;
			const fail = (problem: string): never => {
				throw new LoadError(file, `program '${func.name}': relo #${number}: ${problem}`);
			};

			try {
				const result = resolver.resolve(relo);
				if (patchInsn(func.insns, index, result) === 'poisoned') {
					const list = poisoned.get(func) ?? [];
					list.push({index, relocation: resolver.describe(relo)});
					poisoned.set(func, list);
				}
			} catch (error) {
				if (error instanceof CoreError) fail(error.message);
				throw error;
			}

			relocations++;
		});
	}

	return {relocations, poisoned};
}
