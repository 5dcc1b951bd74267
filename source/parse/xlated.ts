// `bpftool -j prog dump xlated id N` → the instructions the verifier left, with the source lines
// and function prototypes BTF gives. JSON omits the instruction index the text dump shows, so it is
// computed: a 64-bit immediate load (opcode 0x18) takes two slots.
import {z} from 'zod';

const insnSchema = z.looseObject({
	disasm: z.string(),
	/** The function that starts here, e.g. 'int hello(struct xdp_md * ctx)'. */
	proto: z.string().optional(),
	/** The source line that starts here (BTF line info), e.g. 'counter++;'. */
	src: z.string().optional(),
});

export const xlatedSchema = z.array(insnSchema);

export type XlatedInsn = z.infer<typeof insnSchema> & {
	/** Index in 8-byte slots, as the text dump prints it. */
	readonly index: number;
};

export function numberInsns(insns: ReadonlyArray<z.infer<typeof insnSchema>>): XlatedInsn[] {
	let index = 0;
	return insns.map(insn => {
		const numbered = {...insn, index};
		index += /^\(18\)/.test(insn.disasm) ? 2 : 1;
		return numbered;
	});
}
