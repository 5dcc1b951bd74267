// `bpftool -j prog dump xlated id N`: one object per instruction (ld_imm64 counts once), with the
// function prototype where a function starts and the source line where line info has one.
import type {EmulatorKernel} from '../kernel.js';
import type {LoadedProgram} from '../kernel/program.js';
import {CLASS, decodeAll, JMP, LD_IMM64, PSEUDO, type Insn} from '../vm/isa.js';
import type {Json} from '../../../btf/format.js';
import {disasm} from './disasm.js';

const MAP_HELPERS: Record<string, readonly [string, string, string]> = {
	hash: ['__htab_map_lookup_elem', 'htab_map_update_elem', 'htab_map_delete_elem'],
	percpu_hash: ['__htab_map_lookup_elem', 'htab_percpu_map_update_elem', 'htab_map_delete_elem'],
	lru_hash: ['__htab_map_lookup_elem', 'htab_lru_map_update_elem', 'htab_lru_map_delete_elem'],
	lru_percpu_hash: ['__htab_map_lookup_elem', 'htab_lru_percpu_map_update_elem', 'htab_lru_map_delete_elem'],
	array: ['array_map_lookup_elem', 'array_map_update_elem', 'array_map_delete_elem'],
	percpu_array: ['percpu_array_map_lookup_elem', 'array_map_update_elem', 'array_map_delete_elem'],
};

/** The map id r1 holds at a call: the nearest `r1 = map[id:N]` before it in straight-line code. */
function mapInR1(insns: readonly Insn[], index: number): number | undefined {
	for (let i = index - 1; i >= 0 && i >= index - 12; i--) {
		const insn = insns[i]!;
		const cls = insn.code & 0x07;
		if (insn.code === LD_IMM64 && insn.dst === 1) return insn.src === PSEUDO.MAP_FD ? insn.imm : undefined;
		if ((cls === CLASS.JMP || cls === CLASS.JMP32) && insn.code !== (CLASS.JMP | JMP.JA)) {
			if ((insn.code & 0xf0) === JMP.CALL || (insn.code & 0xf0) === JMP.EXIT) return undefined;
		}

		if ((cls === CLASS.ALU || cls === CLASS.ALU64 || cls === CLASS.LDX) && insn.dst === 1) return undefined;
	}

	return undefined;
}

export function xlatedJson(kernel: EmulatorKernel, program: LoadedProgram): Json {
	const insns = decodeAll(program.insns);
	const funcs = new Map((program.spec.funcInfo ?? []).map(f => [f.insn, f.proto]));
	const lines = new Map((program.spec.lineInfo ?? []).map(l => [l.insn, l.source]));
	const subprogs = new Map(program.subprograms.map(s => [s.start, s]));
	const out: Json[] = [];
	for (let i = 0; i < insns.length; i++) {
		const insn = insns[i]!;
		const entry: {[key: string]: Json} = {};
		const proto = funcs.get(i);
		if (proto !== undefined) entry.proto = proto;
		const src = lines.get(i);
		if (src !== undefined) entry.src = src;
		entry.disasm = disasm(insn, insns[i + 1], i, {
			helperName(index, helper) {
				if (helper < 1 || helper > 3) return undefined;
				const mapId = mapInR1(insns, index);
				const type = mapId === undefined ? undefined : kernel.map(mapId)?.map.spec.type;
				return type === undefined ? undefined : MAP_HELPERS[type]?.[helper - 1];
			},
			callTarget(_index, target) {
				const sub = subprogs.get(target);
				return sub === undefined ? undefined : `bpf_prog_${sub.tag}_${sub.name}`;
			},
		});
		out.push(entry);
		if (insn.code === LD_IMM64) i++;
	}

	return out;
}
