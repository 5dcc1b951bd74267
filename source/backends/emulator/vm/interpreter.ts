// The eBPF interpreter. It executes one program run to completion against a Memory and an
// environment that provides helpers and tail calls. A fault (bad access, unknown helper or
// opcode, instruction limit) ends that run with an error; it never throws to the caller.
import {ALU, ATOMIC, CLASS, JMP, MODE, PSEUDO_CALL, SIZE, SRC_X} from './isa.js';
import {alu32, alu64, endian, jumpTaken, M32} from './alu.js';
import {Memory, VmFault, type Region} from './memory.js';
import type {VmProgram} from './program.js';

export const STACK_SIZE = 512;
export const MAX_CALL_DEPTH = 8;
export const MAX_TAIL_CALLS = 33;
export const HELPER_TAIL_CALL = 12;

export type VmEnv = {
	readonly memory: Memory;
	/** Runs helper `id` with r1–r5; throws VmFault for an unknown helper. */
	callHelper(id: number, args: readonly [bigint, bigint, bigint, bigint, bigint]): bigint;
	/** The program a tail call jumps to, or undefined (then the call falls through). */
	tailCallTarget(progArray: bigint, index: bigint): VmProgram | undefined;
};

export type RunResult = {
	readonly r0: bigint;
	/** Instructions executed (ld_imm64 counts once). */
	readonly insns: number;
	readonly helperCalls: number;
	readonly error?: string;
};

type Frame = {returnPc: number; saved: bigint[]};

const sizeBytes = (code: number): number => {
	switch (code & 0x18) {
		case SIZE.B: return 1;
		case SIZE.H: return 2;
		case SIZE.W: return 4;
		default: return 8;
	}
};

/** One interpreter bound to a memory; keeps its stack regions between runs. */
export class Interpreter {
	private readonly stacks: Region[] = [];

	constructor(private readonly env: VmEnv, private readonly insnLimit = 1_000_000) {
		for (let i = 0; i <= MAX_CALL_DEPTH; i++) {
			this.stacks.push(env.memory.alloc('stack', new Uint8Array(STACK_SIZE)));
		}
	}

	run(program: VmProgram, r1: bigint): RunResult {
		const regs: bigint[] = new Array<bigint>(11).fill(0n);
		regs[1] = r1;
		this.stacks[0]!.bytes.fill(0);
		regs[10] = Memory.address(this.stacks[0]!, STACK_SIZE);
		const frames: Frame[] = [];
		const memory = this.env.memory;
		let prog = program;
		let pc = 0;
		let count = 0;
		let helperCalls = 0;
		let tailCalls = 0;
		try {
			for (;;) {
				if (pc < 0 || pc >= prog.length) throw new VmFault(`jump out of range (pc ${pc})`);
				if (++count > this.insnLimit) throw new VmFault(`instruction limit ${this.insnLimit} reached`);
				const code = prog.code[pc]!;
				const dst = prog.dst[pc]!;
				const off = prog.off[pc]!;
				const imm = prog.imm[pc]!;
				const cls = code & 0x07;
				switch (cls) {
					case CLASS.ALU64:
					case CLASS.ALU: {
						const op = code & 0xf0;
						if (op === ALU.END) {
							const swap = cls === CLASS.ALU64 || (code & SRC_X) !== 0;
							regs[dst] = endian(regs[dst]!, imm, swap);
						} else {
							const operand = (code & SRC_X) !== 0 ? regs[prog.src[pc]!]! : BigInt.asUintN(64, BigInt(imm));
							if (op === ALU.MOV && off !== 0 && off !== 8 && off !== 16 && off !== 32) throw new VmFault(`bad movsx width ${off}`);
							if ((op === ALU.DIV || op === ALU.MOD) && off !== 0 && off !== 1) throw new VmFault(`bad div/mod offset ${off}`);
							const aluOff = op === ALU.MOV || op === ALU.DIV || op === ALU.MOD ? off : 0;
							regs[dst] = cls === CLASS.ALU64 ? alu64(op, regs[dst]!, operand, aluOff) : alu32(op, regs[dst]!, operand, aluOff);
						}

						pc++;
						break;
					}

					case CLASS.JMP:
					case CLASS.JMP32: {
						const op = code & 0xf0;
						if (op === JMP.JA) {
							pc += 1 + (cls === CLASS.JMP ? off : imm);
						} else if (op === JMP.EXIT) {
							const frame = frames.pop();
							if (frame === undefined) return {r0: regs[0]!, insns: count, helperCalls};
							for (let i = 0; i < 4; i++) regs[6 + i] = frame.saved[i]!;
							regs[10] = frame.saved[4]!;
							pc = frame.returnPc;
						} else if (op === JMP.CALL) {
							if (prog.src[pc] === PSEUDO_CALL) {
								if (frames.length >= MAX_CALL_DEPTH) throw new VmFault('call stack too deep');
								frames.push({returnPc: pc + 1, saved: [regs[6]!, regs[7]!, regs[8]!, regs[9]!, regs[10]!]});
								const stack = this.stacks[frames.length]!;
								stack.bytes.fill(0);
								regs[10] = Memory.address(stack, STACK_SIZE);
								pc += 1 + imm;
							} else if (imm === HELPER_TAIL_CALL) {
								helperCalls++;
								const target = tailCalls < MAX_TAIL_CALLS ? this.env.tailCallTarget(regs[2]!, regs[3]!) : undefined;
								if (target === undefined) {
									regs[0] = BigInt.asUintN(64, -2n);
									pc++;
								} else {
									tailCalls++;
									prog = target;
									frames.length = 0;
									regs[10] = Memory.address(this.stacks[0]!, STACK_SIZE);
									pc = 0;
								}
							} else {
								helperCalls++;
								regs[0] = BigInt.asUintN(64, this.env.callHelper(imm, [regs[1]!, regs[2]!, regs[3]!, regs[4]!, regs[5]!]));
								// Helpers clobber the caller-saved registers r1–r5.
								regs[1] = regs[2] = regs[3] = regs[4] = regs[5] = 0n;
								pc++;
							}
						} else {
							const operand = (code & SRC_X) !== 0 ? regs[prog.src[pc]!]! : BigInt.asUintN(64, BigInt(imm));
							pc += jumpTaken(op, regs[dst]!, operand, cls === CLASS.JMP32) ? 1 + off : 1;
						}

						break;
					}

					case CLASS.LDX: {
						const mode = code & 0xe0;
						const size = sizeBytes(code);
						const value = memory.load(BigInt.asUintN(64, regs[prog.src[pc]!]! + BigInt(off)), size);
						if (mode === MODE.MEM) regs[dst] = value;
						else if (mode === MODE.MEMSX && size < 8) regs[dst] = BigInt.asUintN(64, BigInt.asIntN(size * 8, value));
						else throw new VmFault(`unknown opcode 0x${code.toString(16)}`);
						pc++;
						break;
					}

					case CLASS.ST: {
						if ((code & 0xe0) !== MODE.MEM) throw new VmFault(`unknown opcode 0x${code.toString(16)}`);
						memory.store(BigInt.asUintN(64, regs[dst]! + BigInt(off)), sizeBytes(code), BigInt.asUintN(64, BigInt(imm)));
						pc++;
						break;
					}

					case CLASS.STX: {
						const mode = code & 0xe0;
						const size = sizeBytes(code);
						const address = BigInt.asUintN(64, regs[dst]! + BigInt(off));
						const src = prog.src[pc]!;
						if (mode === MODE.MEM) {
							memory.store(address, size, regs[src]!);
						} else if (mode === MODE.ATOMIC && (size === 4 || size === 8)) {
							this.atomic(imm, size, address, src, regs);
						} else {
							throw new VmFault(`unknown opcode 0x${code.toString(16)}`);
						}

						pc++;
						break;
					}

					case CLASS.LD: {
						const value = prog.imm64[pc];
						if (value === undefined) throw new VmFault(`unsupported opcode 0x${code.toString(16)}`);
						regs[dst] = value;
						pc += 2;
						break;
					}

					default:
						throw new VmFault(`unknown opcode 0x${code.toString(16)}`);
				}
			}
		} catch (error) {
			if (!(error instanceof VmFault)) throw error;
			return {r0: 0n, insns: count, helperCalls, error: `${error.message} (insn ${pc} of ${prog.name})`};
		}
	}

	private atomic(imm: number, size: number, address: bigint, src: number, regs: bigint[]): void {
		const memory = this.env.memory;
		const mask = size === 4 ? M32 : (1n << 64n) - 1n;
		const old = memory.load(address, size);
		const operand = regs[src]! & mask;
		switch (imm) {
			case ATOMIC.XCHG:
				memory.store(address, size, operand);
				regs[src] = old;
				return;
			case ATOMIC.CMPXCHG:
				if (old === (regs[0]! & mask)) memory.store(address, size, operand);
				regs[0] = old;
				return;
			default: {
				const op = imm & 0xf0;
				let next: bigint;
				if (op === ATOMIC.ADD) next = (old + operand) & mask;
				else if (op === ATOMIC.OR) next = old | operand;
				else if (op === ATOMIC.AND) next = old & operand;
				else if (op === ATOMIC.XOR) next = old ^ operand;
				else throw new VmFault(`unknown atomic op 0x${imm.toString(16)}`);
				if ((imm & ~0xf1) !== 0) throw new VmFault(`unknown atomic op 0x${imm.toString(16)}`);
				memory.store(address, size, next);
				if ((imm & ATOMIC.FETCH) !== 0) regs[src] = old;
			}
		}
	}
}
