// The kernel's instruction printer (kernel/bpf/disasm.c) with bpftool's callbacks for calls and
// immediates: `(18) r6 = map[id:5][0]+0`, `(85) call bpf_trace_printk#-63248`, `(95) exit`.
import {hashString} from '../prng.js';
import {HELPER_NAMES} from '../vm/helpers.js';
import {ALU, ATOMIC, CLASS, JMP, LD_IMM64, MODE, PSEUDO, PSEUDO_CALL, SRC_X, type Insn} from '../vm/isa.js';

const ALU_STRING: Record<number, string> = {
	[ALU.ADD]: '+=', [ALU.SUB]: '-=', [ALU.MUL]: '*=', [ALU.DIV]: '/=', [ALU.OR]: '|=', [ALU.AND]: '&=',
	[ALU.LSH]: '<<=', [ALU.RSH]: '>>=', [ALU.NEG]: 'neg', [ALU.MOD]: '%=', [ALU.XOR]: '^=', [ALU.MOV]: '=',
	[ALU.ARSH]: 's>>=', [ALU.END]: 'endian',
};
const JMP_STRING: Record<number, string> = {
	[JMP.JEQ]: '==', [JMP.JGT]: '>', [JMP.JGE]: '>=', [JMP.JSET]: '&', [JMP.JNE]: '!=', [JMP.JSGT]: 's>',
	[JMP.JSGE]: 's>=', [JMP.JLT]: '<', [JMP.JLE]: '<=', [JMP.JSLT]: 's<', [JMP.JSLE]: 's<=',
};
const LDST = ['u32', 'u16', 'u8', 'u64'];
const LDSX = ['s32', 's16', 's8', 's64'];
const ATOMIC_ALU: Record<number, string> = {[ATOMIC.ADD]: 'add', [ATOMIC.AND]: 'and', [ATOMIC.OR]: 'or', [ATOMIC.XOR]: 'xor'};

/** Where helper functions sit relative to __bpf_call_base: what xlated calls print after '#'. */
const KNOWN_OFFSETS: Record<string, number> = {
	bpf_trace_printk: -63_248,
	__htab_map_lookup_elem: 338_048,
	htab_map_update_elem: 350_800,
	bpf_ringbuf_reserve: 388_560,
	bpf_ringbuf_submit: 390_352,
};

export function helperOffset(name: string): number {
	return KNOWN_OFFSETS[name] ?? 100_000 + (hashString(name) % 400_000) * 16 % 400_000;
}

export type DisasmContext = {
	/** The name of a helper call at `index` (map-specific for map helpers), or undefined for the generic name. */
	helperName?(index: number, helper: number): string | undefined;
	/** `bpf_prog_<tag>_<name>` of the subprogram a bpf-to-bpf call at `index` lands on. */
	callTarget?(index: number, target: number): string | undefined;
};

const hex = (n: number) => n.toString(16).padStart(2, '0');
const signed = (n: number) => (n >= 0 ? `+${n}` : `${n}`);

export function disasm(insn: Insn, next: Insn | undefined, index: number, context: DisasmContext = {}): string {
	const {code, dst, src, off, imm} = insn;
	const cls = code & 0x07;
	const head = `(${hex(code)})`;
	if (cls === CLASS.ALU || cls === CLASS.ALU64) {
		const r = cls === CLASS.ALU ? 'w' : 'r';
		const op = code & 0xf0;
		if (op === ALU.END) {
			if (cls === CLASS.ALU64) return `${head} r${dst} = bswap${imm} r${dst}`;
			return `${head} r${dst} = ${(code & SRC_X) !== 0 ? 'be' : 'le'}${imm} r${dst}`;
		}

		if (op === ALU.NEG) return `${head} ${r}${dst} = -${r}${dst}`;
		const sdivSmod = (op === ALU.DIV || op === ALU.MOD) && off === 1;
		const opText = sdivSmod ? (op === ALU.DIV ? 's/=' : 's%=') : ALU_STRING[op] ?? '?';
		if ((code & SRC_X) !== 0) {
			// bpftool 7.1 knows movsx (off 8/16/32); the per-CPU address move (off -1) prints as a plain move.
			const movsx = op === ALU.MOV && (off === 8 || off === 16 || off === 32) ? `(s${off})` : '';
			return `${head} ${r}${dst} ${opText} ${movsx}${r}${src}`;
		}

		return `${head} ${r}${dst} ${opText} ${imm}`;
	}

	if (cls === CLASS.STX) {
		const size = LDST[(code & 0x18) >> 3];
		const mode = code & 0xe0;
		if (mode === MODE.MEM) return `${head} *(${size} *)(r${dst} ${signed(off)}) = r${src}`;
		if (mode === MODE.ATOMIC) {
			const width = (code & 0x18) === 0x18 ? '64' : '';
			if (imm === ATOMIC.ADD || imm === ATOMIC.AND || imm === ATOMIC.OR || imm === ATOMIC.XOR) {
				return `${head} lock *(${size} *)(r${dst} ${signed(off)}) ${ALU_STRING[imm]} r${src}`;
			}

			if ((imm & ATOMIC.FETCH) !== 0 && ATOMIC_ALU[imm & ~ATOMIC.FETCH] !== undefined) {
				return `${head} r${src} = atomic${width}_fetch_${ATOMIC_ALU[imm & ~ATOMIC.FETCH]}((${size} *)(r${dst} ${signed(off)}), r${src})`;
			}

			if (imm === ATOMIC.CMPXCHG) return `${head} r0 = atomic${width}_cmpxchg((${size} *)(r${dst} ${signed(off)}), r0, r${src})`;
			if (imm === ATOMIC.XCHG) return `${head} r${src} = atomic${width}_xchg((${size} *)(r${dst} ${signed(off)}), r${src})`;
		}

		return `BUG_${hex(code)}`;
	}

	if (cls === CLASS.ST) {
		if ((code & 0xe0) === MODE.MEM) return `${head} *(${LDST[(code & 0x18) >> 3]} *)(r${dst} ${signed(off)}) = ${imm}`;
		return `BUG_st_${hex(code)}`;
	}

	if (cls === CLASS.LDX) {
		const mode = code & 0xe0;
		if (mode !== MODE.MEM && mode !== MODE.MEMSX) return `BUG_ldx_${hex(code)}`;
		const size = (mode === MODE.MEM ? LDST : LDSX)[(code & 0x18) >> 3];
		return `${head} r${dst} = *(${size} *)(r${src} ${signed(off)})`;
	}

	if (cls === CLASS.LD) {
		if (code === LD_IMM64) {
			const nextImm = next?.imm ?? 0;
			if (src === PSEUDO.MAP_FD) return `${head} r${dst} = map[id:${imm >>> 0}]`;
			if (src === PSEUDO.MAP_VALUE) return `${head} r${dst} = map[id:${imm >>> 0}][0]+${nextImm >>> 0}`;
			if (src === PSEUDO.MAP_IDX_VALUE) return `${head} r${dst} = map[idx:${imm >>> 0}]+${nextImm >>> 0}`;
			if (src === PSEUDO.FUNC) return `${head} r${dst} = subprog[${signed(imm)}]`;
			const full = (BigInt(nextImm >>> 0) << 32n) | BigInt(imm >>> 0);
			return `${head} r${dst} = 0x${full.toString(16)}`;
		}

		return `BUG_ld_${hex(code)}`;
	}

	// JMP and JMP32
	const op = code & 0xf0;
	const r = cls === CLASS.JMP32 ? 'w' : 'r';
	if (op === JMP.CALL) {
		if (src === PSEUDO_CALL) {
			const target = context.callTarget?.(index, index + 1 + imm);
			return `${head} call pc${signed(imm)}${target === undefined ? '' : `#${target}`}`;
		}

		const name = context.helperName?.(index, imm) ?? HELPER_NAMES.get(imm) ?? 'unknown';
		const shown = imm === 12 ? imm : helperOffset(name);
		return `${head} call ${name}#${shown}`;
	}

	if (code === (CLASS.JMP | JMP.JA)) return `${head} goto pc${signed(off)}`;
	if (code === (CLASS.JMP32 | JMP.JA)) return `${head} gotol pc${signed(imm)}`;
	if (code === (CLASS.JMP | JMP.EXIT)) return `${head} exit`;
	if ((code & SRC_X) !== 0) return `${head} if ${r}${dst} ${JMP_STRING[op] ?? '?'} ${r}${src} goto pc${signed(off)}`;
	return `${head} if ${r}${dst} ${JMP_STRING[op] ?? '?'} 0x${(imm >>> 0).toString(16)} goto pc${signed(off)}`;
}
