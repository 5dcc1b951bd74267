// A model of what the kernel's verifier learns about a program, enough to know which instructions
// it reaches (the rest it removes as dead code once .rodata is frozen), which map each map helper
// call sees (so the kernel can inline the lookup), and which loads read the context.
//
// It is an abstract interpretation over the control-flow graph: registers and stack slots hold
// ranges and pointers (values.ts); a branch whose outcome follows from them is taken one way only;
// states meet at merges (joined, widened at loops). Calls to static functions are analysed per
// call site (as the verifier does); global functions and callbacks once, with unknown arguments.
// The kernel is path-sensitive where this joins, so it can find a little more dead code in rare
// shapes; the corpus measures how often the two agree (bench/corpus.ts).

import {CLASS, JMP, LD_IMM64, MODE, PSEUDO, SRC_X, type Insn} from '../vm/isa.js';
import {CALLBACK_ARG, HELPER, MAP_HELPERS, READS_ONLY, RETURNS_NULLABLE, SIZE_BOUNDED_RESULT, WRITES} from './helpers.js';
import {
	ANY_SCALAR, JMP_OP, UNKNOWN, anyOfWidth, branchTaken, constant, isConst, join, narrow, negate, pointer, range, sameValue, scalarAlu,
	signExtend, swapped, truncate, widen, type Pointer, type Value,
} from './values.js';

/** What the model knows of a map. */
export type VerifierMap = {
	readonly id: number;
	readonly type: string;
	readonly keySize: number;
	readonly valueSize: number;
	readonly maxEntries: number;
	/** Read-only to programs and frozen: loads from it are constants (bpf_map_is_rdonly). */
	readonly readOnly: boolean;
	readonly initial?: Uint8Array;
};

export type AnalysisInput = {
	readonly insns: readonly Insn[];
	readonly maps: ReadonlyMap<number, VerifierMap>;
	/** Instruction indexes where global (BTF_FUNC_GLOBAL) functions start: checked on their own. */
	readonly globalFunctions: ReadonlySet<number>;
	readonly cpus: number;
	/** Lookups in arrays with a constant key cannot fail (the kernel elides the NULL, 6.14 and later). */
	readonly constKeyLookups: boolean;
	/** Steps before the model gives up (then every instruction counts as reached). */
	readonly budget?: number;
};

export type Analysis = {
	/** 1 where the verifier reaches the instruction (both halves of an ld_imm64). */
	readonly seen: Uint8Array;
	/** Map helper call → the map in r1, or 'mixed' when paths disagree (the kernel then inlines nothing). */
	readonly callMaps: ReadonlyMap<number, number | 'mixed'>;
	/** Loads through the context pointer (the kernel may convert them). */
	readonly ctxLoads: ReadonlySet<number>;
	/** Stores through the context pointer. */
	readonly ctxStores: ReadonlySet<number>;
	/** Reached instructions that CO-RE poisoned (the kernel would refuse the program). */
	readonly poisonedReached: readonly number[];
	/** False when the budget ran out: `seen` is then every instruction. */
	readonly complete: boolean;
	/** The deepest stack byte each function uses, by the instruction it starts at. */
	readonly stackDepth: ReadonlyMap<number, number>;
	/** bpf_loop calls the kernel inlines: call instruction → callback start. */
	readonly inlinedLoops: ReadonlyMap<number, number>;
};

type Slot = {readonly size: number; readonly value: Value};
/** One call frame: registers, spilled values and zero bytes of its stack, and where its function starts. */
type Frame = {regs: Value[]; stack: Map<number, Slot>; zeros: Set<number>; start: number};
type State = {frames: Frame[]};

const POISON = 195_896_080;
const STACK_SIZE = 512;

function cloneFrame(frame: Frame): Frame {
	return {regs: frame.regs.slice(), stack: new Map(frame.stack), zeros: new Set(frame.zeros), start: frame.start};
}

function cloneState(state: State): State {
	return {frames: state.frames.map(cloneFrame)};
}

function joinFrames(a: Frame, b: Frame, widening: boolean): Frame {
	const regs = a.regs.map((value, i) => (widening ? widen(value, join(value, b.regs[i]!)) : join(value, b.regs[i]!)));
	const stack = new Map<number, Slot>();
	for (const [offset, slot] of a.stack) {
		const other = b.stack.get(offset);
		if (other && other.size === slot.size) {
			const value = widening ? widen(slot.value, join(slot.value, other.value)) : join(slot.value, other.value);
			if (value.k !== 'u') stack.set(offset, {size: slot.size, value});
		}
	}

	const zeros = new Set<number>();
	for (const offset of a.zeros) if (b.zeros.has(offset)) zeros.add(offset);
	return {regs, stack, zeros, start: a.start};
}

function sameFrame(a: Frame, b: Frame): boolean {
	if (a.stack.size !== b.stack.size || a.zeros.size !== b.zeros.size) return false;
	for (let i = 0; i < a.regs.length; i++) if (!sameValue(a.regs[i]!, b.regs[i]!)) return false;
	for (const [offset, slot] of a.stack) {
		const other = b.stack.get(offset);
		if (!other || other.size !== slot.size || !sameValue(other.value, slot.value)) return false;
	}

	for (const offset of a.zeros) if (!b.zeros.has(offset)) return false;
	return true;
}

function readLe(bytes: Uint8Array, offset: number, size: number): bigint {
	let value = 0n;
	for (let i = size - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[offset + i] ?? 0);
	return value;
}

const sizeOf = (code: number): number => [4, 2, 1, 8][(code >> 3) & 3]!;

/** One node of the graph: an instruction in a calling context (the return addresses, outermost first). */
type Node = {readonly pc: number; readonly context: string};

export function analyze(input: AnalysisInput): Analysis {
	const {insns, maps} = input;
	const count = insns.length;
	const seen = new Uint8Array(count);
	const callMaps = new Map<number, number | 'mixed'>();
	const ctxLoads = new Set<number>();
	const ctxStores = new Set<number>();
	const poisoned = new Set<number>();
	const states = new Map<string, State>();
	const visits = new Map<string, number>();
	const work: Node[] = [];
	const queued = new Set<string>();
	const roots = new Set<string>();
	let budget = input.budget ?? 400_000;

	const keyOf = (node: Node) => `${node.context}|${node.pc}`;
	const enqueue = (node: Node, state: State): void => {
		if (node.pc < 0 || node.pc >= count) return;
		const key = keyOf(node);
		const old = states.get(key);
		let next = state;
		if (old) {
			const n = (visits.get(key) ?? 0) + 1;
			visits.set(key, n);
			next = {frames: old.frames.map((frame, i) => joinFrames(frame, state.frames[i]!, n > 4))};
			if (next.frames.every((frame, i) => sameFrame(frame, old.frames[i]!))) return;
		}

		states.set(key, next);
		if (!queued.has(key)) {
			queued.add(key);
			work.push(node);
		}
	};

	const freshFrame = (frame: number, start: number): Frame => {
		const regs: Value[] = new Array<Value>(11).fill(UNKNOWN);
		regs[10] = pointer('stack', 0, {frame});
		return {regs, stack: new Map(), zeros: new Set(), start};
	};

	/** The deepest stack byte each function touches (the verifier's stack_depth), by its start. */
	const stackDepth = new Map<number, number>();
	const touch = (state: State, pointer: Value, off: number): void => {
		if (pointer.k !== 'p' || pointer.t !== 'stack' || pointer.off === undefined) return;
		const frame = state.frames[pointer.frame ?? state.frames.length - 1]!;
		const depth = -(pointer.off + off);
		if (depth > (stackDepth.get(frame.start) ?? 0)) stackDepth.set(frame.start, depth);
	};

	/** bpf_loop calls: the callback, and whether every path passes flags 0 and that callback (the kernel inlines them). */
	const loops = new Map<number, {callback: number; fit: boolean}>();

	/** A function checked on its own (the program, a global function, a callback): unknown arguments. */
	const addRoot = (pc: number, context: string, ctx: boolean): void => {
		if (roots.has(context)) return;
		roots.add(context);
		const frame = freshFrame(0, pc);
		for (let r = 1; r <= 5; r++) frame.regs[r] = ANY_SCALAR;
		if (ctx) frame.regs[1] = pointer('ctx', 0);
		enqueue({pc, context}, {frames: [frame]});
	};

	addRoot(0, '', true);
	while (work.length > 0) {
		if (--budget < 0) break;
		const node = work.shift()!;
		const key = keyOf(node);
		queued.delete(key);
		const state = cloneState(states.get(key)!);
		step(node, state);
	}

	function step(node: Node, state: State): void {
		const {pc, context} = node;
		const insn = insns[pc]!;
		seen[pc] = 1;
		const frame = state.frames.at(-1)!;
		const regs = frame.regs;
		const depth = state.frames.length - 1;
		const next = (to: number, s: State = state) => enqueue({pc: to, context}, s);
		const cls = insn.code & 0x07;
		const x = (insn.code & SRC_X) !== 0;

		switch (cls) {
			case CLASS.ALU64:
			case CLASS.ALU: {
				regs[insn.dst] = alu(insn, cls === CLASS.ALU64, regs[insn.dst]!, x ? regs[insn.src]! : undefined);
				return next(pc + 1);
			}

			case CLASS.LD: {
				if (insn.code === LD_IMM64 && pc + 1 < count) {
					seen[pc + 1] = 1;
					regs[insn.dst] = ldImm64(insn, insns[pc + 1]!, pc);
					return next(pc + 2);
				}

				// LD_ABS / LD_IND: r0 from the packet; r1–r5 clobbered.
				regs[0] = ANY_SCALAR;
				for (let r = 1; r <= 5; r++) regs[r] = UNKNOWN;
				return next(pc + 1);
			}

			case CLASS.LDX: {
				const size = sizeOf(insn.code);
				const base = regs[insn.src]!;
				touch(state, base, insn.off);
				let value: Value = anyOfWidth(size * 8);
				if (base.k === 'p' && !base.nullable) {
					const at = base.off === undefined ? undefined : base.off + insn.off;
					if (base.t === 'ctx') ctxLoads.add(pc);
					if (base.t === 'stack' && at !== undefined) value = readStack(state.frames[base.frame ?? depth]!, at, size);
					else if (base.t === 'map_value' && at !== undefined) {
						const map = maps.get(base.map ?? -1);
						if (map?.readOnly && map.initial && at >= 0 && at + size <= map.initial.length) value = constant(readLe(map.initial, at, size));
					}
				}

				if ((insn.code & 0xe0) === MODE.MEMSX && value.k === 's') value = signExtend(value, size * 8);
				regs[insn.dst] = value;
				return next(pc + 1);
			}

			case CLASS.ST:
			case CLASS.STX: {
				const size = sizeOf(insn.code);
				const base = regs[insn.dst]!;
				touch(state, base, insn.off);
				const mode = insn.code & 0xe0;
				if (cls === CLASS.STX && mode === MODE.ATOMIC) {
					if (base.k === 'p' && base.t === 'stack') clobberStack(state.frames[base.frame ?? depth]!, base.off === undefined ? undefined : base.off + insn.off, size);
					const fetch = (insn.imm & 0x01) !== 0 || insn.imm === 0xe1;
					if (insn.imm === 0xf1) regs[0] = anyOfWidth(size * 8);
					else if (fetch) regs[insn.src] = anyOfWidth(size * 8);
					return next(pc + 1);
				}

				if (base.k === 'p' && base.t === 'ctx') ctxStores.add(pc);
				if (base.k === 'p' && base.t === 'stack') {
					const target = state.frames[base.frame ?? depth]!;
					const at = base.off === undefined ? undefined : base.off + insn.off;
					const stored: Value = cls === CLASS.ST ? constant(BigInt(insn.imm)) : regs[insn.src]!;
					writeStack(target, at, size, stored);
				}

				return next(pc + 1);
			}

			case CLASS.JMP:
			case CLASS.JMP32: {
				const op = insn.code & 0xf0;
				if (op === JMP.JA) return next(pc + 1 + (cls === CLASS.JMP ? insn.off : insn.imm));
				if (cls === CLASS.JMP && op === JMP.EXIT) return exit(state, context);
				if (cls === CLASS.JMP && op === JMP.CALL) return call(node, state, insn);
				return branch(pc, state, insn, op, cls === CLASS.JMP32 ? 32 : 64, x, next);
			}

			default:
				return next(pc + 1);
		}
	}

	function alu(insn: Insn, wide: boolean, dst: Value, src: Value | undefined): Value {
		const op = insn.code & 0xf0;
		const bits = wide ? 64 : 32;
		const operand: Value = src ?? (wide ? constant(BigInt(insn.imm)) : constant(BigInt(insn.imm >>> 0)));
		if (op === 0xd0) {
			// Byte swaps: exact when known, else as wide as the swap.
			if (!isConst(dst)) return anyOfWidth(insn.imm);
			const width = insn.imm;
			const v = dst.umin & ((1n << BigInt(width)) - 1n);
			const toBe = wide || (insn.code & SRC_X) !== 0;
			if (!toBe) return constant(v);
			let swapped = 0n;
			for (let i = 0; i < width / 8; i++) swapped |= ((v >> BigInt(i * 8)) & 0xffn) << BigInt(width - 8 - i * 8);
			return constant(swapped);
		}

		if (op === 0xb0) {
			// MOV, MOVSX (off 8/16/32), the per-CPU address move (off -1: rewritten by the kernel only).
			if (src === undefined) return operand;
			if (insn.off === 8 || insn.off === 16 || (insn.off === 32 && wide)) return src.k === 's' ? (wide ? signExtend(src, insn.off) : truncate(signExtend(src, insn.off), 32)) : ANY_SCALAR;
			if (wide) return src;
			return src.k === 's' ? truncate(src, 32) : anyOfWidth(32);
		}

		if (dst.k === 'p' && wide && (op === 0x00 || op === 0x10) && operand.k === 's') {
			const delta = isConst(operand) ? Number(BigInt.asIntN(64, operand.umin)) : undefined;
			const off = dst.off === undefined || delta === undefined ? undefined : op === 0x00 ? dst.off + delta : dst.off - delta;
			return {...dst, off};
		}

		if (operand.k === 'p' && dst.k === 's' && wide && op === 0x00) {
			const delta = isConst(dst) ? Number(BigInt.asIntN(64, dst.umin)) : undefined;
			return {...operand, off: operand.off === undefined || delta === undefined ? undefined : operand.off + delta};
		}

		if (dst.k !== 's' || operand.k !== 's') return op === 0x80 && dst.k === 's' ? scalarAlu(op, dst, dst, bits) : anyOfWidth(bits);
		return scalarAlu(op, dst, operand, bits, insn.off === 1);
	}

	function ldImm64(insn: Insn, second: Insn, pc: number): Value {
		const wide = (BigInt(second.imm >>> 0) << 32n) | BigInt(insn.imm >>> 0);
		switch (insn.src) {
			case PSEUDO.MAP_FD: return pointer('map_ptr', 0, {map: insn.imm});
			case PSEUDO.MAP_VALUE: return pointer('map_value', second.imm, {map: insn.imm});
			case PSEUDO.BTF_ID: return pointer('btf', 0);
			case PSEUDO.FUNC: return pointer('func', 0, {target: pc + insn.imm + 1});
			default: return constant(wide);
		}
	}

	function readStack(frame: Frame, at: number, size: number): Value {
		const slot = frame.stack.get(at);
		if (slot && slot.size >= size) {
			if (size === slot.size) return slot.value;
			return slot.value.k === 's' ? truncate(slot.value, size * 8) : anyOfWidth(size * 8);
		}

		for (let i = 0; i < size; i++) if (!frame.zeros.has(at + i)) return anyOfWidth(size * 8);
		return constant(0n);
	}

	function clobberStack(frame: Frame, at: number | undefined, size: number): void {
		if (at === undefined) {
			frame.stack.clear();
			frame.zeros.clear();
			return;
		}

		for (const [offset, slot] of frame.stack) if (offset < at + size && offset + slot.size > at) frame.stack.delete(offset);
		for (let i = 0; i < size; i++) frame.zeros.delete(at + i);
	}

	/** check_stack_write_fixed_off: aligned scalars and 8-byte pointers are spilled; zeros remembered byte by byte. */
	function writeStack(frame: Frame, at: number | undefined, size: number, value: Value): void {
		clobberStack(frame, at, size);
		if (at === undefined) return;
		const aligned = ((at % 8) + 8) % 8 === 0;
		if (aligned && value.k === 's') frame.stack.set(at, {size, value: truncate(value, size * 8)});
		else if (aligned && value.k === 'p' && size === 8) frame.stack.set(at, {size, value});
		else if (value.k === 's' && value.umin === 0n && value.umax === 0n) for (let i = 0; i < size; i++) frame.zeros.add(at + i);
	}

	function exit(state: State, context: string): void {
		if (state.frames.length === 1) return;
		const callee = state.frames.pop()!;
		const caller = state.frames.at(-1)!;
		caller.regs[0] = callee.regs[0]!;
		for (let r = 1; r <= 5; r++) caller.regs[r] = UNKNOWN;
		const cut = context.lastIndexOf(',');
		const returnPc = Number(context.slice(cut + 1));
		enqueue({pc: returnPc, context: cut < 0 ? '' : context.slice(0, cut)}, state);
	}

	function call(node: Node, state: State, insn: Insn): void {
		const {pc, context} = node;
		const frame = state.frames.at(-1)!;
		const regs = frame.regs;
		const clobber = () => {
			for (let r = 1; r <= 5; r++) regs[r] = UNKNOWN;
		};

		if (insn.src === 1) {
			const target = pc + insn.imm + 1;
			if (input.globalFunctions.has(target) || state.frames.length >= 8) {
				addRoot(target, `g${target}`, false);
				regs[0] = ANY_SCALAR;
				clobber();
				return enqueue({pc: pc + 1, context}, state);
			}

			const callee = freshFrame(state.frames.length, target);
			for (let r = 1; r <= 5; r++) callee.regs[r] = regs[r]!;
			state.frames.push(callee);
			return enqueue({pc: target, context: context === '' ? String(pc + 1) : `${context},${pc + 1}`}, state);
		}

		if (insn.src === 2) {
			// A kfunc: its result is not modelled.
			regs[0] = ANY_SCALAR;
			clobber();
			return enqueue({pc: pc + 1, context}, state);
		}

		const id = insn.imm;
		if (id === POISON) {
			poisoned.add(pc);
			return;
		}

		if (MAP_HELPERS.has(id)) {
			const map = regs[1]!;
			const mapId = map.k === 'p' && map.t === 'map_ptr' ? map.map : undefined;
			const known = callMaps.get(pc);
			callMaps.set(pc, mapId === undefined || (known !== undefined && known !== mapId) ? 'mixed' : mapId);
		}

		const callbackArg = CALLBACK_ARG.get(id);
		if (callbackArg !== undefined) {
			const callback = regs[callbackArg]!;
			if (callback.k === 'p' && callback.t === 'func' && callback.target !== undefined) {
				addRoot(callback.target, `cb${callback.target}`, false);
				if (id === HELPER.LOOP) {
					const flags = regs[4]!;
					const known = loops.get(pc);
					const fit = isConst(flags) && flags.umin === 0n && (known === undefined || (known.fit && known.callback === callback.target));
					loops.set(pc, {callback: callback.target, fit});
				}
			} else if (id === HELPER.LOOP) {
				loops.set(pc, {callback: -1, fit: false});
			}
		}

		for (let r = 1; r <= 5; r++) touch(state, regs[r]!, 0);

		const writes = WRITES.get(id);
		for (let r = 1; r <= 5; r++) {
			const arg = regs[r]!;
			if (arg.k !== 'p' || arg.t !== 'stack') continue;
			const target = state.frames[arg.frame ?? state.frames.length - 1]!;
			if (writes && writes[0] === r) {
				const size = writes[1] === undefined ? undefined : regs[writes[1]]!;
				clobberStack(target, arg.off, size && isConst(size) ? Number(size.umin) : STACK_SIZE);
			} else if (!writes && !READS_ONLY.has(id)) {
				clobberStack(target, arg.off, STACK_SIZE);
			}
		}

		regs[0] = result(id, regs, state, pc);
		clobber();
		enqueue({pc: pc + 1, context}, state);
	}

	/** r0 after a helper; pointers that may be NULL are named by the call's instruction (a check on one refines its copies). */
	function result(id: number, regs: Value[], state: State, pc: number): Value {
		if (id === HELPER.MAP_LOOKUP || id === 195) {
			const map = regs[1]!;
			const info = map.k === 'p' ? maps.get(map.map ?? -1) : undefined;
			let nullable = true;
			if (id === HELPER.MAP_LOOKUP && input.constKeyLookups && info && (info.type === 'array' || info.type === 'percpu_array')) {
				const key = regs[2]!;
				if (key.k === 'p' && key.t === 'stack' && key.off !== undefined) {
					const value = constKey(state.frames[key.frame ?? state.frames.length - 1]!, key.off, info.keySize);
					if (value !== undefined && value < BigInt(info.maxEntries)) nullable = false;
				}
			}

			return pointer('map_value', 0, {map: map.k === 'p' ? map.map : undefined, nullable, id: nullable ? pc : -1});
		}

		if (id === HELPER.GET_CURRENT_TASK_BTF) return pointer('btf', 0);
		if (RETURNS_NULLABLE.has(id)) return pointer(id === HELPER.RINGBUF_RESERVE ? 'mem' : 'other', 0, {nullable: true, id: pc});
		if (id === HELPER.GET_SMP_PROCESSOR_ID) return range(0n, BigInt(Math.max(1, input.cpus) - 1));
		const sizeArg = SIZE_BOUNDED_RESULT.get(id);
		if (sizeArg !== undefined) {
			const size = regs[sizeArg]!;
			if (size.k === 's') return {...ANY_SCALAR, smin: -(1n << 63n), smax: size.umax, umin: 0n, umax: (1n << 64n) - 1n};
		}

		return ANY_SCALAR;
	}

	/** get_constant_map_key: a key spilled as a constant of exactly the key's size, or zero bytes. */
	function constKey(frame: Frame, at: number, size: number): bigint | undefined {
		let zeros = true;
		for (let i = 0; i < size; i++) if (!frame.zeros.has(at + i)) zeros = false;
		if (zeros) return 0n;
		const slot = frame.stack.get(at);
		return slot && slot.size === size && isConst(slot.value) ? slot.value.umin : undefined;
	}

	function branch(pc: number, state: State, insn: Insn, op: number, bits: number, x: boolean, next: (to: number, s?: State) => void): void {
		const regs = state.frames.at(-1)!.regs;
		const a = regs[insn.dst]!;
		const b: Value = x ? regs[insn.src]! : constant(bits === 64 ? BigInt(insn.imm) : BigInt(insn.imm >>> 0));
		const taken = pc + 1 + insn.off;
		let decision: boolean | undefined;
		if (a.k === 's' && b.k === 's') decision = branchTaken(op, a, b, bits);
		else if (a.k === 'p' && isZero(b) && !a.nullable && a.t !== 'other') decision = op === JMP_OP.JEQ ? false : op === JMP_OP.JNE ? true : undefined;
		else if (b.k === 'p' && isZero(a) && !b.nullable && b.t !== 'other') decision = op === JMP_OP.JEQ ? false : op === JMP_OP.JNE ? true : undefined;

		if (decision !== false) next(taken, refine(cloneState(state), insn, op, bits, x, b));
		if (decision !== true) next(pc + 1, refine(state, insn, negate(op), bits, x, b));
	}

	function isZero(v: Value): boolean {
		return v.k === 's' && v.umin === 0n && v.umax === 0n;
	}

	/** The state on a path where `dst OP src` holds: ranges narrowed, NULL checks resolved. */
	function refine(state: State, insn: Insn, op: number, bits: number, x: boolean, b: Value): State {
		const regs = state.frames.at(-1)!.regs;
		const a = regs[insn.dst]!;
		if (a.k === 's' && b.k === 's') {
			regs[insn.dst] = narrow(op, a, b, bits);
			if (x && bits === 64) regs[insn.src] = narrow(swapped(op), b, a, bits);
			return state;
		}

		const nullCheck = (p: Pointer, isNull: boolean) => {
			const replace = (v: Value): Value => (v.k === 'p' && v.nullable && (v === p || (p.id >= 0 && v.id === p.id)) ? (isNull ? constant(0n) : {...v, nullable: false}) : v);
			for (const frame of state.frames) {
				frame.regs = frame.regs.map(replace);
				for (const [offset, slot] of frame.stack) frame.stack.set(offset, {size: slot.size, value: replace(slot.value)});
			}
		};

		if (a.k === 'p' && a.nullable && isZero(b) && (op === JMP_OP.JEQ || op === JMP_OP.JNE)) nullCheck(a, op === JMP_OP.JEQ);
		else if (b.k === 'p' && b.nullable && isZero(a) && (op === JMP_OP.JEQ || op === JMP_OP.JNE)) nullCheck(b, op === JMP_OP.JEQ);
		return state;
	}

	const complete = budget >= 0;
	if (!complete) seen.fill(1);
	const inlinedLoops = new Map([...loops].filter(([, loop]) => loop.fit).map(([pc, loop]) => [pc, loop.callback]));
	return {seen, callMaps, ctxLoads, ctxStores, poisonedReached: [...poisoned].sort((p, q) => p - q), complete, stackDepth, inlinedLoops};
}

