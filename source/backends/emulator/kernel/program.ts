// Loading one program: patch its map references the way the kernel does (pseudo src_reg, map id
// in the immediate), compute its tag and its subprograms' tags, and estimate JIT figures.
import type {ProgramSpec} from '../object.js';
import {CLASS, JMP, LD_IMM64, PSEUDO, PSEUDO_CALL} from '../vm/isa.js';
import type {VmProgram} from '../vm/program.js';
import type {RingBufMap} from '../maps/ringbuf.js';
import type {LiveAttachment} from './attachments.js';
import type {Xlated} from '../verifier/xlated.js';
import type {BtfIndex} from '../btf/parse.js';
import type {World} from './tracing-events.js';
import {xlatedFor, type XlatedFigures, type XlatedImage} from './xlated-cache.js';

export type Subprogram = {readonly start: number; readonly name: string; readonly tag: string};

export type ProgramStats = {
	/** Every run, interpreted or estimated (bpftool's run_cnt). */
	runCnt: number;
	runTimeNs: number;
	/** Runs that faulted (bad access, unknown helper, instruction limit); estimated runs in proportion. */
	errors: number;
	lastError?: string;
	/** Instructions executed by the interpreted runs. */
	insns: number;
	/** Runs the interpreter executed, their run time and faults (what estimates are made from). */
	interpreted: number;
	interpretedTimeNs: number;
	interpretedErrors: number;
	/** Runs counted without being interpreted, over the run budget (kernel/catch-up.ts). */
	estimated: number;
};

/** What a program is loaded with (LoadedProgram adds the image the kernel keeps of it). */
export type ProgramFields = {
	readonly id: number;
	/** The name bpftool shows: 15 characters as the kernel keeps them, or the full name from BTF. */
	readonly name: string;
	readonly type: string;
	readonly tag: string;
	readonly spec: ProgramSpec;
	readonly vm: VmProgram;
	readonly mapIds: readonly number[];
	readonly btfId?: number;
	/** The kernel BTF its object was prepared for (CO-RE objects): the verifier model lays contexts out by it. */
	readonly kernelBtf?: BtfIndex;
	readonly loadedAt: number;
	readonly uid: number;
	readonly gplCompatible: boolean;
	readonly bytesJited: number;
	readonly bytesMemlock: number;
	readonly subprograms: readonly Subprogram[];
	readonly owner?: {readonly pid: number; readonly comm: string};
	/** Replaced (concat), not grown, when one is added: most programs have one, and an array grown by push or spread keeps room for 16. */
	attachments: readonly LiveAttachment[];
	/** The ring buffers it uses: their open reservations are dropped after each run. */
	readonly ringBuffers: readonly RingBufMap[];
	readonly stats: ProgramStats;
	/** The kernel memory its object's tracing programs read (objects with BTF). */
	readonly world?: World;
	/** How the load went where the emulator stood in for libbpf or the kernel (bpftool-shaped output adds them as emulator_notes). */
	readonly notes: readonly string[];
};

/** What a program's kernel makes for it on demand: its instructions as loaded, and its image after verification (xlated-cache.ts). */
export type ProgramImages = {
	loadedInsns(program: LoadedProgram): Uint8Array;
	xlatedImage(program: LoadedProgram): XlatedImage;
};

// The fields are ProgramFields, declared once there and copied in by the constructor.
export interface LoadedProgram extends ProgramFields {}

/**
 * A loaded program. The image the kernel keeps of it after verification is asked for on first use
 * and kept as the kernel's own, which every load of the same code shares: at 1,000 programs a
 * closure and a copy of the image per program were ~0.9 KB each.
 */
export class LoadedProgram {
	private image: XlatedImage | undefined;

	constructor(fields: ProgramFields, private readonly images: ProgramImages) {
		Object.assign(this, fields);
	}

	/**
	 * Instructions as loaded: map references carry their pseudo src_reg, map id and offset. Made again
	 * on each use (the verifier image's first making reads them; a copy per program was ~0.4 KB).
	 */
	get insns(): Uint8Array {
		return this.images.loadedInsns(this);
	}

	/** The instructions as the kernel keeps them after verification, with this program's map ids (made on each call, for `prog dump xlated`). */
	xlated(): Xlated {
		return xlatedFor(this.verified(), this.mapIds);
	}

	/** bytes_xlated and what the verifier model found, as `prog show` reports them (no copy: it asks on every refresh). */
	xlatedFigures(): XlatedFigures {
		return this.verified().figures;
	}

	private verified(): XlatedImage {
		return (this.image ??= this.images.xlatedImage(this));
	}
}

/** Patches map references in place: src_reg = pseudo kind, imm = map id, second imm = offset. */
export function patchMapReferences(spec: ProgramSpec, mapIdByName: ReadonlyMap<string, number>): {insns: Uint8Array; mapIds: number[]} {
	const insns = spec.insns.slice();
	const view = new DataView(insns.buffer);
	const mapIds: number[] = [];
	const refs = [...spec.mapRefs].sort((a, b) => a.insn - b.insn);
	for (const ref of refs) {
		const id = mapIdByName.get(ref.map);
		if (id === undefined) throw new Error(`program ${spec.name}: unknown map ${ref.map}`);
		const at = ref.insn * 8;
		if (at + 16 > insns.length || insns[at] !== LD_IMM64) throw new Error(`program ${spec.name}: map reference at ${ref.insn} is not an ld_imm64`);
		const pseudo = ref.kind === 'fd' ? PSEUDO.MAP_FD : PSEUDO.MAP_VALUE;
		insns[at + 1] = (pseudo << 4) | (insns[at + 1]! & 0x0f);
		view.setInt32(at + 4, id, true);
		view.setInt32(at + 12, ref.kind === 'fd' ? 0 : ref.offset, true);
		if (!mapIds.includes(id)) mapIds.push(id);
	}

	return {insns, mapIds};
}

/** Subprogram ranges (from 0 and every bpf-to-bpf call target) with their tags; `tag` hashes a range. */
export function subprogramTags(insns: Uint8Array, tag: (range: Uint8Array) => string): Array<{readonly start: number; readonly tag: string}> {
	const view = new DataView(insns.buffer, insns.byteOffset, insns.byteLength);
	const count = insns.length / 8;
	const starts = new Set<number>([0]);
	for (let i = 0; i < count; i++) {
		if (insns[i * 8] === (CLASS.JMP | JMP.CALL) && insns[i * 8 + 1]! >> 4 === PSEUDO_CALL) starts.add(i + 1 + view.getInt32(i * 8 + 4, true));
	}

	const sorted = [...starts].sort((a, b) => a - b);
	return sorted.map((start, k) => ({start, tag: tag(insns.subarray(start * 8, (sorted[k + 1] ?? count) * 8))}));
}

/** Subprograms named from func info (else the program's name, or F<start>). */
export function nameSubprograms(spec: ProgramSpec, tags: ReadonlyArray<{readonly start: number; readonly tag: string}>): Subprogram[] {
	return tags.map(({start, tag}) => ({start, name: spec.funcInfo?.find(f => f.insn === start)?.name ?? (start === 0 ? spec.name : `F${start}`), tag}));
}

/** A plausible x86-64 JIT size: prologue plus a per-instruction estimate. */
export function estimateJited(insns: Uint8Array): number {
	let bytes = 17;
	for (let at = 0; at < insns.length; at += 8) {
		const code = insns[at]!;
		const cls = code & 0x07;
		if (code === LD_IMM64) {
			bytes += 10;
			at += 8;
		} else if (code === (CLASS.JMP | JMP.CALL)) bytes += 5;
		else if (code === (CLASS.JMP | JMP.EXIT)) bytes += 2;
		else if (cls === CLASS.JMP || cls === CLASS.JMP32) bytes += 6;
		else if (cls === CLASS.LDX || cls === CLASS.STX || cls === CLASS.ST) bytes += 4;
		else bytes += 3;
	}

	return bytes;
}
