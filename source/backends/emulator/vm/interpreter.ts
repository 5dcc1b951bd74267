// The eBPF interpreter. It executes one program run to completion against a Memory and an
// environment that provides helpers and tail calls. A fault (bad access, unknown helper or
// opcode, instruction limit) ends that run with an error; it never throws to the caller.
// Registers hold U64 values (numbers when below 2^53, see u64.ts).
import {ALU, ATOMIC, CLASS, JMP, MODE, PSEUDO_CALL, SIZE, SRC_X} from './isa.js';
import {alu32, alu64, endian, jumpTaken} from './alu.js';
import {Memory, VmFault, type Region} from './memory.js';
import type {VmProgram} from './program.js';
import {low32, MAX_SAFE, toBig, wrap, type U64} from './u64.js';

export const STACK_SIZE = 512;
export const MAX_CALL_DEPTH = 8;
export const MAX_TAIL_CALLS = 33;
export const HELPER_TAIL_CALL = 12;

/** The register file: helpers read their arguments from r1–r5 (index 1–5), no copy made. */
export type HelperArgs = readonly [U64, U64, U64, U64, U64, U64, ...U64[]];

export type VmEnv = {
	readonly memory: Memory;
	/** Runs helper `id` with r1–r5; throws VmFault for an unknown helper. May return a negative errno. */
	callHelper(id: number, args: HelperArgs): U64;
	/** The program a tail call jumps to, or undefined (then the call falls through). */
	tailCallTarget(progArray: U64, index: U64): VmProgram | undefined;
};

export type RunResult = {
	readonly r0: bigint;
	/** Instructions executed (ld_imm64 counts once). */
	readonly insns: number;
	readonly helperCalls: number;
	readonly error?: string;
};

type Frame = {returnPc: number; saved: U64[]};

const sizeBytes = (code: number): number => {
	switch (code & 0x18) {
		case SIZE.B: return 1;
		case SIZE.H: return 2;
		case SIZE.W: return 4;
		default: return 8;
	}
};

/** base + off for a memory access; a BigInt base is never a valid pointer (resolve faults on it). */
const effective = (base: U64, off: number): U64 => (typeof base === 'number' ? base + off : base);

/** One interpreter bound to a memory; keeps its stack regions between runs. */
export class Interpreter {
	private readonly stacks: Region[] = [];

	constructor(private readonly env: VmEnv, private readonly insnLimit = 1_000_000) {
		for (let i = 0; i <= MAX_CALL_DEPTH; i++) {
			this.stacks.push(env.memory.alloc('stack', new Uint8Array(STACK_SIZE)));
		}
	}

	/** r0 of the last exec() (canonical U64). */
	lastR0: U64 = 0;
	/** Helper calls (tail calls included) of the last exec(). */
	lastHelperCalls = 0;
	/** Why the last exec() faulted, or undefined. */
	lastError: string | undefined;
	/** The register file, reused by every run (runs never nest: helpers do not call back in). */
	private readonly regs: U64[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

	run(program: VmProgram, r1: U64): RunResult {
		const insns = this.exec(program, r1);
		const result = {r0: this.lastError === undefined ? toBig(this.lastR0) : 0n, insns, helperCalls: this.lastHelperCalls};
		return this.lastError === undefined ? result : {...result, error: this.lastError};
	}

	/**
	 * One run, results in lastR0/lastError/lastHelperCalls; returns the instructions executed.
	 * The kernel calls this thousands of times per refresh, so it allocates nothing itself.
	 */
	exec(program: VmProgram, r1: U64): number {
		const regs = this.regs;
		regs[0] = 0;
		regs[1] = r1;
		for (let i = 2; i < 10; i++) regs[i] = 0;
		this.stacks[0]!.bytes.fill(0);
		regs[10] = Memory.address(this.stacks[0]!, STACK_SIZE);
		// Only bpf-to-bpf calls need frames: most programs never allocate this.
		let frames: Frame[] | undefined;
		const memory = this.env.memory;
		let prog = program;
		let pc = 0;
		let count = 0;
		let helperCalls = 0;
		let tailCalls = 0;
		const limit = this.insnLimit;
		this.lastError = undefined;
		try {
			for (;;) {
				if (pc < 0 || pc >= prog.length) throw new VmFault(`jump out of range (pc ${pc})`);
				if (++count > limit) throw new VmFault(`instruction limit ${limit} reached`);
				const code = prog.code[pc]!;
				const dst = prog.dst[pc]!;
				const off = prog.off[pc]!;
				const cls = code & 0x07;
				switch (cls) {
					case CLASS.ALU64:
					case CLASS.ALU: {
						const op = code & 0xf0;
						if (op === ALU.END) {
							const swap = cls === CLASS.ALU64 || (code & SRC_X) !== 0;
							regs[dst] = endian(regs[dst]!, prog.imm[pc]!, swap);
						} else {
							const x = (code & SRC_X) !== 0;
							const operand = x ? regs[prog.src[pc]!]! : prog.immU64[pc]!;
							if (op === ALU.MOV && off !== 0 && off !== 8 && off !== 16 && off !== 32) throw new VmFault(`bad movsx width ${off}`);
							if ((op === ALU.DIV || op === ALU.MOD) && off !== 0 && off !== 1) throw new VmFault(`bad div/mod offset ${off}`);
							const aluOff = op === ALU.MOV || op === ALU.DIV || op === ALU.MOD ? off : 0;
							const value = regs[dst]!;
							if (cls === CLASS.ALU64) {
								// Fast path for `rX += imm` with a negative imm (pointer arithmetic on the stack).
								const imm = prog.imm[pc]!;
								if (!x && op === ALU.ADD && typeof value === 'number' && value + imm >= 0 && value + imm <= MAX_SAFE) regs[dst] = value + imm;
								else regs[dst] = alu64(op, value, operand, aluOff);
							} else {
								regs[dst] = alu32(op, value, operand, aluOff);
							}
						}

						pc++;
						break;
					}

					case CLASS.JMP:
					case CLASS.JMP32: {
						const op = code & 0xf0;
						if (op === JMP.JA) {
							pc += 1 + (cls === CLASS.JMP ? off : prog.imm[pc]!);
						} else if (op === JMP.EXIT) {
							const frame = frames?.pop();
							if (frame === undefined) {
								this.lastR0 = regs[0]!;
								this.lastHelperCalls = helperCalls;
								return count;
							}

							for (let i = 0; i < 4; i++) regs[6 + i] = frame.saved[i]!;
							regs[10] = frame.saved[4]!;
							pc = frame.returnPc;
						} else if (op === JMP.CALL) {
							const imm = prog.imm[pc]!;
							if (prog.src[pc] === PSEUDO_CALL) {
								frames ??= [];
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
									regs[0] = wrap(-2);
									pc++;
								} else {
									tailCalls++;
									prog = target;
									if (frames !== undefined) frames.length = 0;
									regs[10] = Memory.address(this.stacks[0]!, STACK_SIZE);
									pc = 0;
								}
							} else {
								helperCalls++;
								regs[0] = wrap(this.env.callHelper(imm, regs as unknown as HelperArgs));
								// Helpers clobber the caller-saved registers r1–r5.
								regs[1] = regs[2] = regs[3] = regs[4] = regs[5] = 0;
								pc++;
							}
						} else {
							const operand = (code & SRC_X) !== 0 ? regs[prog.src[pc]!]! : cls === CLASS.JMP ? prog.immU64[pc]! : prog.imm[pc]! >>> 0;
							pc += jumpTaken(op, regs[dst]!, operand, cls === CLASS.JMP32) ? 1 + off : 1;
						}

						break;
					}

					case CLASS.LDX: {
						const mode = code & 0xe0;
						const size = sizeBytes(code);
						const address = effective(regs[prog.src[pc]!]!, off);
						const value = prog.probeMem ? memory.tryLoad(address, size) ?? 0 : memory.load(address, size);
						if (mode === MODE.MEM) regs[dst] = value;
						else if (mode === MODE.MEMSX && size < 8) regs[dst] = wrap(size === 4 ? (value as number) | 0 : size === 2 ? ((value as number) << 16) >> 16 : ((value as number) << 24) >> 24);
						else throw new VmFault(`unknown opcode 0x${code.toString(16)}`);
						pc++;
						break;
					}

					case CLASS.ST: {
						if ((code & 0xe0) !== MODE.MEM) throw new VmFault(`unknown opcode 0x${code.toString(16)}`);
						memory.store(effective(regs[dst]!, off), sizeBytes(code), prog.immU64[pc]!);
						pc++;
						break;
					}

					case CLASS.STX: {
						const mode = code & 0xe0;
						const size = sizeBytes(code);
						const address = effective(regs[dst]!, off);
						const src = prog.src[pc]!;
						if (mode === MODE.MEM) {
							memory.store(address, size, regs[src]!);
						} else if (mode === MODE.ATOMIC && (size === 4 || size === 8)) {
							this.atomic(prog.imm[pc]!, size, address, src, regs);
						} else {
							throw new VmFault(`unknown opcode 0x${code.toString(16)}`);
						}

						pc++;
						break;
					}

					case CLASS.LD: {
						const slot = prog.immSlot[pc]!;
						const value = slot === 0 ? undefined : prog.imm64[slot - 1];
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
			this.lastR0 = 0;
			this.lastHelperCalls = helperCalls;
			this.lastError = `${error.message} (insn ${pc} of ${prog.name})`;
			return count;
		}
	}

	private atomic(imm: number, size: number, address: U64, src: number, regs: U64[]): void {
		const memory = this.env.memory;
		const old = memory.load(address, size);
		const operand = size === 4 ? low32(regs[src]!) : regs[src]!;
		switch (imm) {
			case ATOMIC.XCHG:
				memory.store(address, size, operand);
				regs[src] = old;
				return;
			case ATOMIC.CMPXCHG: {
				const expected = size === 4 ? low32(regs[0]!) : regs[0]!;
				if (old === expected) memory.store(address, size, operand);
				regs[0] = old;
				return;
			}

			default: {
				if ((imm & ~0xf1) !== 0) throw new VmFault(`unknown atomic op 0x${imm.toString(16)}`);
				const op = imm & 0xf0;
				if (op !== ATOMIC.ADD && op !== ATOMIC.OR && op !== ATOMIC.AND && op !== ATOMIC.XOR) throw new VmFault(`unknown atomic op 0x${imm.toString(16)}`);
				memory.store(address, size, size === 4 ? alu32(op, old, operand, 0) : alu64(op, old, operand, 0));
				if ((imm & ATOMIC.FETCH) !== 0) regs[src] = old;
			}
		}
	}
}
