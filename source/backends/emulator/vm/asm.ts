// A tiny typed eBPF assembler with labels, used by the scenario (real bytecode built in code, no
// clang at run time) and by the tests. It records map references, func info and line info the way
// the ELF loader would hand them over.
import type {FuncInfo, LineInfo, MapReference} from '../object.js';
import {ALU, ATOMIC, CLASS, encodeAll, JMP, LD_IMM64, MODE, PSEUDO_CALL, SIZE, SRC_X, type Insn} from './isa.js';

export type Size = 'b' | 'h' | 'w' | 'dw';
export type AluOp = keyof typeof ALU;
export type JmpOp = Exclude<keyof typeof JMP, 'JA' | 'CALL' | 'EXIT'>;

const sizeCode: Record<Size, number> = {b: SIZE.B, h: SIZE.H, w: SIZE.W, dw: SIZE.DW};

type Pending = {insn: Insn; label?: string; labelField?: 'off' | 'imm'};

export type Assembled = {
	readonly insns: Uint8Array;
	readonly mapRefs: MapReference[];
	readonly funcInfo: FuncInfo[];
	readonly lineInfo: LineInfo[];
};

export class Asm {
	private readonly slots: Pending[] = [];
	private readonly labels = new Map<string, number>();
	private readonly mapRefs: MapReference[] = [];
	private readonly funcInfo: FuncInfo[] = [];
	private readonly lineInfo: LineInfo[] = [];
	private lineNo = 1;

	constructor(private readonly file = 'scenario.bpf.c') {}

	get pc(): number {
		return this.slots.length;
	}

	private push(insn: Partial<Insn> & {code: number}, label?: string, labelField?: 'off' | 'imm'): this {
		this.slots.push({insn: {dst: 0, src: 0, off: 0, imm: 0, ...insn}, label, labelField});
		return this;
	}

	label(name: string): this {
		if (this.labels.has(name)) throw new Error(`label ${name} defined twice`);
		this.labels.set(name, this.pc);
		return this;
	}

	/** Starts a function here (its BTF prototype as bpftool prints it). */
	func(name: string, proto: string): this {
		this.funcInfo.push({insn: this.pc, name, proto});
		return this.label(name);
	}

	/** Attaches a source line to the next instruction. */
	line(source: string): this {
		this.lineInfo.push({insn: this.pc, source, file: this.file, line: this.lineNo++, column: 0});
		return this;
	}

	alu64(op: AluOp, dst: number, imm: number): this {
		return this.push({code: CLASS.ALU64 | ALU[op], dst, imm});
	}

	alu64r(op: AluOp, dst: number, src: number): this {
		return this.push({code: CLASS.ALU64 | ALU[op] | SRC_X, dst, src});
	}

	alu32(op: AluOp, dst: number, imm: number): this {
		return this.push({code: CLASS.ALU | ALU[op], dst, imm});
	}

	alu32r(op: AluOp, dst: number, src: number): this {
		return this.push({code: CLASS.ALU | ALU[op] | SRC_X, dst, src});
	}

	mov(dst: number, imm: number): this {
		return this.alu64('MOV', dst, imm);
	}

	movr(dst: number, src: number): this {
		return this.alu64r('MOV', dst, src);
	}

	/** le/be conversion (ALU class, src bit: 0 = to le, 1 = to be) of 16/32/64 bits. */
	endian(dst: number, bits: 16 | 32 | 64, to: 'le' | 'be'): this {
		return this.push({code: CLASS.ALU | ALU.END | (to === 'be' ? SRC_X : 0), dst, imm: bits});
	}

	ldx(size: Size, dst: number, src: number, off: number): this {
		return this.push({code: CLASS.LDX | MODE.MEM | sizeCode[size], dst, src, off});
	}

	ldxs(size: Exclude<Size, 'dw'>, dst: number, src: number, off: number): this {
		return this.push({code: CLASS.LDX | MODE.MEMSX | sizeCode[size], dst, src, off});
	}

	st(size: Size, dst: number, off: number, imm: number): this {
		return this.push({code: CLASS.ST | MODE.MEM | sizeCode[size], dst, off, imm});
	}

	stx(size: Size, dst: number, off: number, src: number): this {
		return this.push({code: CLASS.STX | MODE.MEM | sizeCode[size], dst, src, off});
	}

	atomic(size: 'w' | 'dw', op: keyof typeof ATOMIC, dst: number, off: number, src: number, fetch = false): this {
		const imm = ATOMIC[op] | (fetch ? ATOMIC.FETCH : 0);
		return this.push({code: CLASS.STX | MODE.ATOMIC | sizeCode[size], dst, src, off, imm});
	}

	ldImm64(dst: number, value: bigint, src = 0): this {
		const v = BigInt.asUintN(64, value);
		this.push({code: LD_IMM64, dst, src, imm: Number(BigInt.asIntN(32, v & 0xffff_ffffn))});
		return this.push({code: 0, imm: Number(BigInt.asIntN(32, v >> 32n))});
	}

	/** r = &map (BPF_PSEUDO_MAP_FD once loaded). */
	ldMap(dst: number, map: string): this {
		this.mapRefs.push({insn: this.pc, map, kind: 'fd', offset: 0});
		return this.ldImm64(dst, 0n);
	}

	/** r = &map's value + offset (BPF_PSEUDO_MAP_VALUE once loaded: global data). */
	ldMapValue(dst: number, map: string, offset = 0): this {
		this.mapRefs.push({insn: this.pc, map, kind: 'value', offset});
		return this.ldImm64(dst, 0n);
	}

	jmp(op: JmpOp, dst: number, imm: number, label: string): this {
		return this.push({code: CLASS.JMP | JMP[op], dst, imm}, label, 'off');
	}

	jmpr(op: JmpOp, dst: number, src: number, label: string): this {
		return this.push({code: CLASS.JMP | JMP[op] | SRC_X, dst, src}, label, 'off');
	}

	jmp32(op: JmpOp, dst: number, imm: number, label: string): this {
		return this.push({code: CLASS.JMP32 | JMP[op], dst, imm}, label, 'off');
	}

	jmp32r(op: JmpOp, dst: number, src: number, label: string): this {
		return this.push({code: CLASS.JMP32 | JMP[op] | SRC_X, dst, src}, label, 'off');
	}

	ja(label: string): this {
		return this.push({code: CLASS.JMP | JMP.JA}, label, 'off');
	}

	call(helper: number): this {
		return this.push({code: CLASS.JMP | JMP.CALL, imm: helper});
	}

	/** A bpf-to-bpf call to a function defined with func()/label(). */
	callLocal(label: string): this {
		return this.push({code: CLASS.JMP | JMP.CALL, src: PSEUDO_CALL}, label, 'imm');
	}

	exit(): this {
		return this.push({code: CLASS.JMP | JMP.EXIT});
	}

	raw(insn: Insn): this {
		return this.push(insn);
	}

	build(): Assembled {
		const insns = this.slots.map((slot, pc) => {
			if (slot.label === undefined) return slot.insn;
			const target = this.labels.get(slot.label);
			if (target === undefined) throw new Error(`unknown label ${slot.label}`);
			const rel = target - pc - 1;
			return slot.labelField === 'imm' ? {...slot.insn, imm: rel} : {...slot.insn, off: rel};
		});
		return {insns: encodeAll(insns), mapRefs: [...this.mapRefs], funcInfo: [...this.funcInfo], lineInfo: [...this.lineInfo]};
	}
}
