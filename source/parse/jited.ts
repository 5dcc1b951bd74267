// `bpftool -j prog dump jited id N` → machine code lines. bpftool prints one list of instructions,
// or, for programs with subprograms, one {name, insns} per function. Debian's bpftool is built
// without a disassembler and answers {"error": "No libbfd support"} instead.
import {z} from 'zod';

const machineInsnSchema = z.looseObject({
	pc: z.string(),
	operation: z.string(),
	operands: z.array(z.string().nullable()).nullable().optional(),
	src: z.string().optional(),
});

const functionSchema = z.looseObject({name: z.string(), proto: z.string().optional(), insns: z.array(machineInsnSchema)});

/** Always a list of functions; a single-function dump becomes one function without a name. */
export const jitedSchema = z.union([z.array(functionSchema), z.array(machineInsnSchema).transform(insns => [{name: '', proto: undefined, insns}])]);

export type JitedLine = {readonly text: string; readonly kind: 'function' | 'source' | 'insn'};

/** Lines as the text dump shows them: `int f(…):`, `; source`, `   0: push %rbp`. */
export function jitedLines(output: z.infer<typeof jitedSchema>): JitedLine[] {
	const insnLines = (insns: ReadonlyArray<z.infer<typeof machineInsnSchema>>): JitedLine[] =>
		insns.flatMap(insn => [
			...(insn.src ? [{kind: 'source' as const, text: `; ${insn.src}`}] : []),
			{kind: 'insn' as const, text: `${insn.pc.replace(/^0x/, '').padStart(4)}: ${insn.operation} ${(insn.operands ?? []).filter(Boolean).join(', ')}`.trimEnd()},
		]);
	return output.flatMap(entry => {
		const title = entry.proto ?? entry.name;
		return [...(title ? [{kind: 'function' as const, text: `${title}:`}] : []), ...insnLines(entry.insns)];
	});
}

/** bpftool's answer when it cannot disassemble: the library it lacks, in words. */
export function noDisassembler(error: string): boolean {
	return /no libbfd support|no llvm support|disassembl/i.test(error);
}
