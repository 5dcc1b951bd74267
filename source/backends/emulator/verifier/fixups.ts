// The instructions the kernel writes in place of others after verification (do_misc_fixups,
// convert_ctx_accesses, each map type's map_gen_lookup), for a root loader on x86-64, as of 6.18.
// Addresses of kernel objects (jiffies, the per-CPU cpu_number) are this emulator's stand-ins.

import {CLASS, JMP, LD_IMM64, MODE, SIZE, SRC_X} from '../vm/isa.js';
import type {ImageInsn} from './image.js';

const ALU64 = CLASS.ALU64;
const insn = (code: number, dst: number, src: number, off: number, imm: number, callName?: string): ImageInsn => ({code, dst, src, off, imm, ...(callName ? {callName} : {})});
const jmpImm = (op: number, dst: number, imm: number, off: number) => insn(CLASS.JMP | op, dst, 0, off, imm);
const aluImm = (op: number, dst: number, imm: number) => insn(ALU64 | op, dst, 0, 0, imm);
const call = (name: string) => insn(CLASS.JMP | JMP.CALL, 0, 0, 0, 0, name);
const ldx = (size: number, dst: number, src: number, off: number) => insn(CLASS.LDX | MODE.MEM | size, dst, src, off, 0);
/** BPF_MOV64_PERCPU_REG: the per-CPU address of a per-CPU pointer. */
const percpu = (dst: number, src: number) => insn(ALU64 | 0xb0 | SRC_X, dst, src, -1, 0);

/** offsetof(struct htab_elem, key) on x86-64 (the lookup returns key + round_up(key_size, 8) past it). */
const HTAB_ELEM_KEY = 48;
/** offsetof(struct htab_elem, lru_node) + offsetof(struct bpf_lru_node, ref). */
const HTAB_LRU_REF = 34;
/** offsetof(struct bpf_array, value) / pptrs (6.18, x86-64). */
const ARRAY_VALUE = 312;

/**
 * (u32)&cpu_number, the per-CPU variable bpf_get_smp_processor_id reads: an address of one kernel
 * build (this one measured on Debian's 6.18 build for x86-64; other builds print another number).
 */
const CPU_NUMBER = -2_085_568_460;

const roundUp8 = (n: number) => Math.ceil(n / 8) * 8;

export type FixupMap = {readonly type: string; readonly keySize: number; readonly valueSize: number; readonly maxEntries: number};

/** The instructions a map's map_gen_lookup emits for bpf_map_lookup_elem (r1 map, r2 key → r0), or undefined: a call stays. */
export function inlinedLookup(map: FixupMap, percpuInsns: boolean): ImageInsn[] | undefined {
	const valueOffset = HTAB_ELEM_KEY + roundUp8(map.keySize);
	switch (map.type) {
		case 'hash':
			return [call('__htab_map_lookup_elem'), jmpImm(JMP.JEQ, 0, 0, 1), aluImm(0x00, 0, valueOffset)];
		case 'lru_hash':
			return [
				call('__htab_map_lookup_elem'),
				jmpImm(JMP.JEQ, 0, 0, 4),
				ldx(SIZE.B, 1, 0, HTAB_LRU_REF),
				jmpImm(JMP.JNE, 1, 0, 1),
				insn(CLASS.ST | MODE.MEM | SIZE.B, 0, 0, HTAB_LRU_REF, 1),
				aluImm(0x00, 0, valueOffset),
			];
		case 'percpu_hash':
			if (!percpuInsns) return undefined;
			return [call('__htab_map_lookup_elem'), jmpImm(JMP.JEQ, 0, 0, 3), aluImm(0x00, 0, valueOffset), ldx(SIZE.DW, 0, 0, 0), percpu(0, 0)];
		case 'array': {
			const elem = roundUp8(map.valueSize);
			const shift = Math.log2(elem);
			return [
				aluImm(0x00, 1, ARRAY_VALUE),
				ldx(SIZE.W, 0, 2, 0),
				jmpImm(JMP.JGE, 0, map.maxEntries, 3),
				Number.isInteger(shift) ? aluImm(0x60, 0, shift) : aluImm(0x20, 0, elem),
				insn(ALU64 | 0x00 | SRC_X, 0, 1, 0, 0),
				jmpImm(JMP.JA, 0, 0, 1),
				aluImm(0xb0, 0, 0),
			];
		}

		case 'percpu_array':
			if (!percpuInsns) return undefined;
			return [
				aluImm(0x00, 1, ARRAY_VALUE),
				ldx(SIZE.W, 0, 2, 0),
				jmpImm(JMP.JGE, 0, map.maxEntries, 5),
				aluImm(0x60, 0, 3),
				insn(ALU64 | 0x00 | SRC_X, 0, 1, 0, 0),
				ldx(SIZE.DW, 0, 0, 0),
				percpu(0, 0),
				jmpImm(JMP.JA, 0, 0, 1),
				aluImm(0xb0, 0, 0),
			];
		case 'hash_of_maps':
			return [call('__htab_map_lookup_elem'), jmpImm(JMP.JEQ, 0, 0, 2), aluImm(0x00, 0, valueOffset), ldx(SIZE.DW, 0, 0, 0)];
		case 'array_of_maps': {
			const elem = roundUp8(map.valueSize);
			return [
				aluImm(0x00, 1, ARRAY_VALUE),
				ldx(SIZE.W, 0, 2, 0),
				jmpImm(JMP.JGE, 0, map.maxEntries, 5),
				Number.isInteger(Math.log2(elem)) ? aluImm(0x60, 0, Math.log2(elem)) : aluImm(0x20, 0, elem),
				insn(ALU64 | 0x00 | SRC_X, 0, 1, 0, 0),
				ldx(SIZE.DW, 0, 0, 0),
				jmpImm(JMP.JEQ, 0, 0, 1),
				jmpImm(JMP.JA, 0, 0, 1),
				aluImm(0xb0, 0, 0),
			];
		}

		default:
			return undefined;
	}
}

/** Division and modulo by a register cannot fault: the kernel tests the divisor first. */
export function guardedDivision(original: ImageInsn): ImageInsn[] | undefined {
	const cls = original.code & 0x07;
	const op = original.code & 0xf0;
	if ((cls !== CLASS.ALU && cls !== CLASS.ALU64) || (original.code & SRC_X) === 0 || (op !== 0x30 && op !== 0x90)) return undefined;
	const is64 = cls === CLASS.ALU64;
	const jmp = is64 ? CLASS.JMP : CLASS.JMP32;
	const signedOp = original.off === 1;
	if (signedOp) return undefined; // sdiv/smod get a longer patchlet (rare; left as is)
	if (op === 0x30) {
		// x / 0 = 0
		return [insn(jmp | JMP.JNE, original.src, 0, 2, 0), insn(CLASS.ALU | 0xa0 | SRC_X, original.dst, original.dst, 0, 0), jmpImm(JMP.JA, 0, 0, 1), {...original}];
	}

	// x % 0 = x
	const patch = [insn(jmp | JMP.JEQ, original.src, 0, is64 ? 1 : 2, 0), {...original}, jmpImm(JMP.JA, 0, 0, 1), insn(CLASS.ALU | 0xb0 | SRC_X, original.dst, original.dst, 0, 0)];
	return is64 ? patch.slice(0, 2) : patch;
}

/** Helpers the kernel expands in place (x86-64), or undefined. `version` is [major, minor]. */
export function inlinedHelper(id: number, version: readonly [number, number]): ImageInsn[] | undefined {
	const atLeast = (major: number, minor: number) => version[0] > major || (version[0] === major && version[1] >= minor);
	switch (id) {
		case 8: // bpf_get_smp_processor_id: this CPU's cpu_number, through a per-CPU address (6.10)
			return atLeast(6, 10) ? [aluImm(0xb0, 0, CPU_NUMBER), percpu(0, 0), ldx(SIZE.W, 0, 0, 0)] : undefined;
		case 118: // bpf_jiffies64
			return [insn(LD_IMM64, 0, 0, 0, -2_113_929_216), insn(0, 0, 0, 0, -1), ldx(SIZE.DW, 0, 0, 0)];
		default:
			return undefined;
	}
}

/** Helpers that take a GFP flag the kernel supplies in r5 (sk/inode/task/cgrp storage get). */
export const STORAGE_GET = new Set([107, 145, 156, 210]);

/** perf_event programs read their context through bpf_perf_event_data_kern: two loads for one. */
export function perfEventContextLoad(original: ImageInsn, sampleDataOffsets: {readonly period: number; readonly addr: number}): ImageInsn[] {
	const {dst, src, off} = original;
	if (off === 168) return [ldx(SIZE.DW, dst, src, 8), ldx(SIZE.DW, dst, dst, sampleDataOffsets.period)];
	if (off === 176) return [ldx(SIZE.DW, dst, src, 8), ldx(SIZE.DW, dst, dst, sampleDataOffsets.addr)];
	return [ldx(SIZE.DW, dst, src, 0), ldx(SIZE.DW, dst, dst, off)];
}
