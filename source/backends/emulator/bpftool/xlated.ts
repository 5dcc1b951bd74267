// `bpftool -j prog dump xlated id N`: one object per instruction (ld_imm64 counts once), with the
// function prototype where a function starts and the source line where line info has one. The
// instructions are those the kernel keeps after verification (verifier/xlated.ts).
import type {EmulatorKernel} from '../kernel.js';
import type {LoadedProgram} from '../kernel/program.js';
import {decodeAll, LD_IMM64} from '../vm/isa.js';
import type {Json} from '../../../btf/format.js';
import {disasm} from './disasm.js';

export function xlatedJson(_kernel: EmulatorKernel, program: LoadedProgram): Json {
	const xlated = program.xlated();
	const insns = decodeAll(xlated.insns);
	const funcs = new Map(xlated.funcInfo.map(f => [f.insn, f.proto]));
	const lines = new Map(xlated.lineInfo.map(l => [l.insn, l.source]));
	// Subprograms keep the tags of their code as loaded (the kernel hashes them after its rewrites,
	// with kernel addresses in them: those tags cannot be reproduced here).
	const names = new Map(xlated.funcInfo.map(f => [f.insn, f.name]));
	const starts = [...new Set([0, ...xlated.funcInfo.map(f => f.insn)])].sort((a, b) => a - b);
	const tags = program.subprograms.map(s => s.tag);
	const out: Json[] = [];
	for (let i = 0; i < insns.length; i++) {
		const insn = insns[i]!;
		const entry: {[key: string]: Json} = {};
		const proto = funcs.get(i);
		if (proto !== undefined) entry.proto = proto;
		const src = lines.get(i);
		if (src !== undefined) entry.src = src;
		entry.disasm = disasm(insn, insns[i + 1], i, {
			helperName: index => xlated.callNames.get(index),
			callTarget(_index, target) {
				const k = starts.indexOf(target);
				if (k < 0) return undefined;
				const sub = program.subprograms[k];
				return `bpf_prog_${sub?.tag ?? tags[0] ?? ''}_${names.get(target) ?? sub?.name ?? `F${target}`}`;
			},
		});
		out.push(entry);
		if (insn.code === LD_IMM64) i++;
	}

	return out;
}
