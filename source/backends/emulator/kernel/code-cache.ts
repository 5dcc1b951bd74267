// Loading the same instructions again — the scaled scenario's replicas, one object loaded twice —
// shares everything that does not depend on where the maps are: the decoded instructions, the
// tags (hashing was most of a load's cost) and the JIT estimate. Keyed by the instructions as the
// tag hashes them (map references marked, their immediates blanked), so a replica with other map
// ids finds its twin. One cache per kernel: it holds only code that kernel loaded.
import type {ProgramSpec} from '../object.js';
import {tagInput, tagOfInput, type TagAlgorithm} from '../tag.js';
import {decodeProgram, type DecodedProgram} from '../vm/program.js';
import {estimateJited, subprogramTags} from './program.js';

export type SharedCode = {
	readonly tag: string;
	readonly decoded: DecodedProgram;
	readonly bytesJited: number;
	readonly subprograms: ReadonlyArray<{readonly start: number; readonly tag: string}>;
};

export class CodeCache {
	private readonly programs = new Map<string, SharedCode>();
	/**
	 * The same entries by spec: specs are immutable, so a spec's instructions (by identity) and how
	 * its map references mark them decide the key without hashing the bytes again.
	 */
	private readonly bySpec = new WeakMap<Uint8Array, Map<string, SharedCode>>();

	constructor(private readonly algorithm: TagAlgorithm) {}

	/** For `insns`, the spec's instructions as loaded. Decoded (and checked: throws RangeError) once per distinct code. */
	program(spec: ProgramSpec, insns: Uint8Array): SharedCode {
		const refs = spec.mapRefs.map(ref => `${ref.insn}${ref.kind}`).join();
		let known = this.bySpec.get(spec.insns);
		const hit = known?.get(refs);
		if (hit !== undefined) return hit;
		const input = tagInput(insns);
		const key = latin1(input);
		let shared = this.programs.get(key);
		if (shared === undefined) {
			// Decoded from the tag's input: map immediates blank, which the interpreter never reads
			// (it takes ld_imm64 values from the linked program).
			const tag = tagOfInput(input, this.algorithm);
			shared = {
				tag,
				decoded: decodeProgram(spec.name, input),
				bytesJited: estimateJited(insns),
				subprograms: subprogramTags(insns, range => (range.length === insns.length ? tag : this.tag(range))),
			};
			this.programs.set(key, shared);
		}

		if (known === undefined) this.bySpec.set(spec.insns, known = new Map());
		known.set(refs, shared);
		return shared;
	}

	private tag(insns: Uint8Array): string {
		return tagOfInput(tagInput(insns), this.algorithm);
	}
}

function latin1(bytes: Uint8Array): string {
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}
