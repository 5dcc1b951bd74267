// A program's instructions as the verifier rewrites them, with what follows instructions around:
// jump and call offsets, line info, and where each function starts. Removing and patching keep
// them consistent the way the kernel's bpf_remove_insns / bpf_patch_insn_single do
// (bpf_adj_branches, bpf_adj_linfo_after_remove, adjust_subprog_starts…).

import {CLASS, JMP, LD_IMM64, PSEUDO} from '../vm/isa.js';

export type ImageInsn = {
	code: number;
	dst: number;
	src: number;
	off: number;
	imm: number;
	/** For a call the kernel made to a kernel function (an inlined map lookup): the function, for the dump. */
	callName?: string;
};

export type ImageLine<T> = {insn: number; readonly info: T};

export class Image<L, F> {
	readonly insns: ImageInsn[];
	readonly lines: Array<ImageLine<L>>;
	/** Function starts (the main program's at 0), ascending. */
	readonly funcs: Array<ImageLine<F>>;

	constructor(insns: readonly ImageInsn[], lines: ReadonlyArray<ImageLine<L>>, funcs: ReadonlyArray<ImageLine<F>>) {
		this.insns = insns.map(insn => ({...insn}));
		this.lines = lines.map(line => ({...line})).sort((a, b) => a.insn - b.insn);
		this.funcs = funcs.map(func => ({...func})).sort((a, b) => a.insn - b.insn);
	}

	get length(): number {
		return this.insns.length;
	}

	/** bpf_adj_branches: offsets of jumps, bpf-to-bpf calls and function addresses crossing [pos, endOld) → [pos, endNew). */
	private adjustBranches(pos: number, endOld: number, endNew: number): void {
		const delta = endNew - endOld;
		const adjust = (curr: number, offset: number): number => {
			if (curr < pos && curr + offset + 1 >= endOld) return offset + delta;
			if (curr >= endNew && curr + offset + 1 < endNew) return offset - delta;
			return offset;
		};

		this.insns.forEach((insn, curr) => {
			if (insn.code === LD_IMM64 && insn.src === PSEUDO.FUNC) {
				insn.imm = adjust(curr, insn.imm);
				return;
			}

			const cls = insn.code & 0x07;
			if ((cls !== CLASS.JMP && cls !== CLASS.JMP32) || (insn.code & 0xf0) === JMP.EXIT) return;
			if ((insn.code & 0xf0) === JMP.CALL) {
				if (insn.src === 1) insn.imm = adjust(curr, insn.imm);
			} else if (cls === CLASS.JMP32 && (insn.code & 0xf0) === JMP.JA) {
				insn.imm = adjust(curr, insn.imm);
			} else {
				insn.off = adjust(curr, insn.off);
			}
		});
	}

	/** verifier_remove_insns(off, cnt). */
	remove(off: number, cnt: number): void {
		if (cnt <= 0) return;
		this.insns.splice(off, cnt);
		this.adjustBranches(off, off + cnt, off);

		// Line info: lines in the removed range go, except that the first live instruction after it
		// inherits the last removed line when it has none of its own (bpf_adj_linfo_after_remove).
		const lines = this.lines;
		let first = lines.findIndex(line => line.insn >= off);
		if (first < 0) first = lines.length;
		let i = first;
		let removed = 0;
		while (i < lines.length && lines[i]!.insn < off + cnt) {
			removed++;
			i++;
		}

		if (this.insns.length !== off && removed > 0 && (i === lines.length || lines[i]!.insn !== off + cnt)) {
			removed--;
			lines[--i]!.insn = off + cnt;
		}

		lines.splice(first, removed);
		for (let j = first; j < lines.length; j++) lines[j]!.insn -= cnt;

		// Functions: wholly removed ones go; later ones move up.
		const funcs = this.funcs;
		let start = funcs.findIndex(func => func.insn >= off);
		if (start < 0) start = funcs.length;
		let stay = start;
		while (stay < funcs.length && funcs[stay]!.insn < off + cnt) stay++;
		const endStart = stay < funcs.length ? funcs[stay]!.insn : this.insns.length + cnt;
		if (endStart !== off + cnt) stay--;
		if (stay > start) {
			funcs.splice(start, stay - start);
		} else if (start < funcs.length && funcs[start]!.insn === off) {
			start++;
		}

		for (let j = start; j < funcs.length; j++) funcs[j]!.insn -= cnt;
	}

	/** bpf_patch_insn_single: instruction `off` becomes `patch`. */
	patch(off: number, patch: readonly ImageInsn[]): void {
		const len = patch.length;
		this.insns.splice(off, 1, ...patch.map(insn => ({...insn})));
		if (len === 1) return;
		this.adjustBranches(off, off + 1, off + len);
		for (const line of this.lines) if (off < line.insn) line.insn += len - 1;
		for (const func of this.funcs) if (func.insn > off) func.insn += len - 1;
	}

	/** The instructions as little-endian bytes. */
	bytes(): Uint8Array {
		const out = new Uint8Array(this.insns.length * 8);
		const view = new DataView(out.buffer);
		this.insns.forEach((insn, i) => {
			view.setUint8(i * 8, insn.code);
			view.setUint8(i * 8 + 1, ((insn.src & 0xf) << 4) | (insn.dst & 0xf));
			view.setInt16(i * 8 + 2, insn.off, true);
			view.setInt32(i * 8 + 4, insn.imm, true);
		});
		return out;
	}
}
