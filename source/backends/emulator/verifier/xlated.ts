// What the kernel keeps of a program after verification (`bytes_xlated`, `prog dump xlated`): the
// loaded instructions with unreachable code removed (branches the verifier decided become jumps,
// then dead code and `goto +0` go), then map lookups, a few helpers and division guards expanded
// in place, and perf_event context reads converted — the common rewrites of 6.x on x86-64.

import type {FuncInfo, LineInfo} from '../object.js';
import {CLASS, JMP, LD_IMM64, decodeAll} from '../vm/isa.js';
import {analyze, type Analysis, type VerifierMap} from './analyze.js';
import {convertContextAccess, DEFAULT_LAYOUT, type KernelLayout} from './context.js';
import {guardedDivision, inlinedHelper, inlinedLookup, perfEventContextLoad, STORAGE_GET} from './fixups.js';
import {HELPER} from './helpers.js';
import {Image, type ImageInsn} from './image.js';

export type XlatedEnv = {
	/** The emulated kernel's version: rewrites arrived over time. */
	readonly version: readonly [number, number];
	readonly cpus: number;
	readonly programType: string;
	/** perf_event programs: where perf_sample_data keeps period and addr (from the kernel's BTF). */
	readonly sampleData?: {readonly period: number; readonly addr: number};
	/** Packet programs: the kernel's sk_buff / xdp_buff offsets (default: 6.18 on x86-64). */
	readonly layout?: KernelLayout;
};

export type Xlated = {
	readonly insns: Uint8Array;
	/** Calls the kernel made to kernel functions (map operations), by instruction index: the function's name. */
	readonly callNames: ReadonlyMap<number, string>;
	readonly funcInfo: readonly FuncInfo[];
	readonly lineInfo: readonly LineInfo[];
	/** Reached instructions CO-RE poisoned, as loaded: the kernel would refuse the program. */
	readonly poisonedReached: readonly number[];
	/** False when the model gave up on finding dead code (the program is then shown whole). */
	readonly complete: boolean;
};

const atLeast = (version: readonly [number, number], major: number, minor: number) => version[0] > major || (version[0] === major && version[1] >= minor);

/** Names of the kernel functions a map helper becomes, by map type: [lookup, update, delete]. */
const MAP_OPS: Readonly<Record<string, readonly [string, string, string]>> = {
	hash: ['__htab_map_lookup_elem', 'htab_map_update_elem', 'htab_map_delete_elem'],
	percpu_hash: ['htab_percpu_map_lookup_elem', 'htab_percpu_map_update_elem', 'htab_map_delete_elem'],
	lru_hash: ['__htab_map_lookup_elem', 'htab_lru_map_update_elem', 'htab_lru_map_delete_elem'],
	lru_percpu_hash: ['htab_lru_percpu_map_lookup_elem', 'htab_lru_percpu_map_update_elem', 'htab_lru_map_delete_elem'],
	array: ['array_map_lookup_elem', 'array_map_update_elem', 'array_map_delete_elem'],
	percpu_array: ['percpu_array_map_lookup_elem', 'array_map_update_elem', 'array_map_delete_elem'],
	prog_array: ['array_map_lookup_elem', 'bpf_fd_array_map_update_elem', 'fd_array_map_delete_elem'],
	perf_event_array: ['array_map_lookup_elem', 'bpf_fd_array_map_update_elem', 'fd_array_map_delete_elem'],
	stack_trace: ['stack_map_lookup_elem', 'stack_map_update_elem', 'stack_map_delete_elem'],
	lpm_trie: ['trie_lookup_elem', 'trie_update_elem', 'trie_delete_elem'],
	cgroup_array: ['array_map_lookup_elem', 'bpf_fd_array_map_update_elem', 'fd_array_map_delete_elem'],
	task_storage: ['bpf_pid_task_storage_lookup_elem', 'bpf_pid_task_storage_update_elem', 'bpf_pid_task_storage_delete_elem'],
};

/** Helpers whose kernel function depends on the program type (what bpftool prints after `call`). */
/** Helpers whose kernel function has another name than the helper (what bpftool prints). */
const KERNEL_NAMES: ReadonlyMap<number, string> = new Map([[4, 'bpf_probe_read_compat'], [45, 'bpf_probe_read_compat_str']]);

const TYPED_HELPERS: ReadonlyMap<number, Readonly<Record<string, string>>> = new Map<number, Readonly<Record<string, string>>>([
	[25, {tracepoint: 'bpf_perf_event_output_tp', raw_tracepoint: 'bpf_perf_event_output_raw_tp', raw_tracepoint_writable: 'bpf_perf_event_output_raw_tp', tracing: 'bpf_perf_event_output_raw_tp', lsm: 'bpf_perf_event_output_raw_tp', sched_cls: 'bpf_skb_event_output', sched_act: 'bpf_skb_event_output', socket_filter: 'bpf_skb_event_output', cgroup_skb: 'bpf_skb_event_output', xdp: 'bpf_xdp_event_output'}],
	[27, {tracepoint: 'bpf_get_stackid_tp', raw_tracepoint: 'bpf_get_stackid_raw_tp', tracing: 'bpf_get_stackid_raw_tp', perf_event: 'bpf_get_stackid_pe'}],
	[67, {tracepoint: 'bpf_get_stack_tp', raw_tracepoint: 'bpf_get_stack_raw_tp', tracing: 'bpf_get_stack_raw_tp', perf_event: 'bpf_get_stack_pe'}],
	[174, {kprobe: 'bpf_get_attach_cookie_trace', tracepoint: 'bpf_get_attach_cookie_trace', perf_event: 'bpf_get_attach_cookie_pe', tracing: 'bpf_get_attach_cookie_tracing'}],
]);

/** What the model decides for a program; the same code over maps of the same shapes decides the same (kernel/code-cache.ts keeps it). */
export function planXlated(insns: Uint8Array, maps: ReadonlyMap<number, VerifierMap>, funcInfo: readonly FuncInfo[] | undefined, env: XlatedEnv): Analysis {
	return analyze({
		insns: decodeAll(insns),
		maps,
		globalFunctions: new Set((funcInfo ?? []).filter(f => f.global === true && f.insn > 0).map(f => f.insn)),
		cpus: env.cpus,
		constKeyLookups: atLeast(env.version, 6, 14),
	});
}

type Origin = {origin?: number; seen?: boolean};

export function buildXlated(insns: Uint8Array, plan: Analysis, maps: ReadonlyMap<number, VerifierMap>, funcInfo: readonly FuncInfo[] | undefined, lineInfo: readonly LineInfo[] | undefined, env: XlatedEnv): Xlated {
	const decoded: Array<ImageInsn & Origin> = decodeAll(insns).map((insn, origin) => ({...insn, origin, seen: plan.seen[origin] === 1}));
	const funcs = funcInfo && funcInfo.length > 0 ? funcInfo.map(info => ({insn: info.insn, info})) : functionStarts(decoded).map(insn => ({insn, info: undefined}));
	const image = new Image<LineInfo, FuncInfo | undefined>(decoded, (lineInfo ?? []).map(info => ({insn: info.insn, info})), funcs);
	// optimize_bpf_loop (before everything else): bpf_loop with flags 0 and one callback becomes a loop.
	inlineLoops(image as Image<LineInfo, FuncInfo | undefined>, plan, funcs.map(f => f.insn));

	// opt_hard_wire_dead_code_branches: a decided branch becomes a jump (to where it always goes).
	const seenAt = (i: number) => (image.insns[i] as (ImageInsn & Origin) | undefined)?.seen === true;
	image.insns.forEach((insn, i) => {
		if (!seenAt(i) || !isConditional(insn)) return;
		if (!seenAt(i + 1)) Object.assign(insn, {code: CLASS.JMP | JMP.JA, dst: 0, src: 0, imm: 0});
		else if (!seenAt(i + 1 + insn.off)) Object.assign(insn, {code: CLASS.JMP | JMP.JA, dst: 0, src: 0, off: 0, imm: 0});
	});

	// opt_remove_dead_code, then opt_remove_nops.
	for (let i = 0; i < image.insns.length; i++) {
		let j = 0;
		while (i + j < image.insns.length && !seenAt(i + j)) j++;
		if (j > 0) image.remove(i, j);
	}

	for (let i = 0; i < image.insns.length; i++) {
		const insn = image.insns[i]!;
		if (insn.code === (CLASS.JMP | JMP.JA) && insn.dst === 0 && insn.src === 0 && insn.off === 0 && insn.imm === 0) {
			image.remove(i, 1);
			i--;
		}
	}

	// convert_ctx_accesses: packet programs read sk_buff / xdp_buff through __sk_buff / xdp_md.
	for (let i = 0; i < image.insns.length; i++) {
		const insn = image.insns[i] as ImageInsn & Origin;
		if (insn.origin === undefined) continue;
		const load = plan.ctxLoads.has(insn.origin) && (insn.code & 0x07) === CLASS.LDX;
		const store = plan.ctxStores.has(insn.origin);
		if (!load && !store) continue;
		const patch = convertContextAccess(env.programType, insn, store, env.layout ?? DEFAULT_LAYOUT);
		if (!patch) continue;
		image.patch(i, patch);
		i += patch.length - 1;
	}

	// perf_event programs read bpf_perf_event_data through the kernel's struct.
	if (env.programType === 'perf_event') {
		for (let i = 0; i < image.insns.length; i++) {
			const insn = image.insns[i] as ImageInsn & Origin;
			if ((insn.code & 0x07) !== CLASS.LDX || insn.origin === undefined || !plan.ctxLoads.has(insn.origin)) continue;
			const patch = perfEventContextLoad(insn, env.sampleData ?? {period: 136, addr: 144});
			image.patch(i, patch);
			i += patch.length - 1;
		}
	}

	// do_misc_fixups, in program order; each patchlet is skipped once written.
	const percpu = atLeast(env.version, 6, 10);
	for (let i = 0; i < image.insns.length; i++) {
		const insn = image.insns[i] as ImageInsn & Origin;
		let patch = guardedDivision(insn);
		if (!patch && insn.code === (CLASS.JMP | JMP.CALL) && insn.src === 0) {
			const mapId = insn.origin === undefined ? undefined : plan.callMaps.get(insn.origin);
			const map = typeof mapId === 'number' ? maps.get(mapId) : undefined;
			const op = insn.imm === HELPER.MAP_LOOKUP ? 0 : insn.imm === HELPER.MAP_UPDATE ? 1 : insn.imm === HELPER.MAP_DELETE ? 2 : undefined;
			if (map && op !== undefined) {
				patch = op === 0 ? inlinedLookup(map, percpu) : undefined;
				if (!patch) {
					const name = MAP_OPS[map.type]?.[op];
					if (name) insn.callName = name;
				}
			} else if (TYPED_HELPERS.get(insn.imm)?.[env.programType]) {
				insn.callName = TYPED_HELPERS.get(insn.imm)![env.programType]!;
			} else if (KERNEL_NAMES.has(insn.imm)) {
				insn.callName = KERNEL_NAMES.get(insn.imm)!;
			} else if (STORAGE_GET.has(insn.imm)) {
				patch = [{code: CLASS.ALU64 | 0xb0, dst: 5, src: 0, off: 0, imm: 0x820}, {...insn}];
			} else {
				patch = inlinedHelper(insn.imm, env.version);
			}
		}

		if (!patch) continue;
		image.patch(i, patch);
		i += patch.length - 1;
	}

	const callNames = new Map<number, string>();
	image.insns.forEach((insn, i) => {
		if (insn.callName) callNames.set(i, insn.callName);
	});
	const funcInfoOut = image.funcs.flatMap(func => (func.info ? [{...func.info, insn: func.insn}] : []));
	return {
		insns: image.bytes(),
		callNames,
		funcInfo: funcInfoOut,
		lineInfo: image.lines.map(line => ({...line.info, insn: line.insn})),
		poisonedReached: plan.poisonedReached,
		complete: plan.complete,
	};
}

/** inline_bpf_loop: the call becomes a counted loop around a bpf-to-bpf call of the callback, r6–r8 saved below the function's stack. */
function inlineLoops(image: Image<LineInfo, FuncInfo | undefined>, plan: Analysis, starts: readonly number[]): void {
	const MAX_LOOPS = 1 << 23;
	const E2BIG = 7;
	const ordered = [...starts].sort((a, b) => a - b);
	for (let i = 0; i < image.insns.length; i++) {
		const insn = image.insns[i] as ImageInsn & Origin;
		const callback = insn.origin === undefined ? undefined : plan.inlinedLoops.get(insn.origin);
		if (callback === undefined || insn.code !== (CLASS.JMP | JMP.CALL) || insn.src !== 0) continue;
		const owner = ordered.filter(start => start <= insn.origin!).at(-1) ?? 0;
		const depth = plan.stackDepth.get(owner) ?? 0;
		const base = -(depth + 24 + (Math.ceil(depth / 8) * 8 - depth));
		const raw = (code: number, dst: number, src: number, off: number, imm: number): ImageInsn & Origin => ({code, dst, src, off, imm, seen: true});
		const patch = [
			raw(0xb5, 1, 0, 2, MAX_LOOPS), raw(0xb4, 0, 0, 0, -E2BIG), raw(0x05, 0, 0, 16, 0),
			raw(0x7b, 10, 6, base, 0), raw(0x7b, 10, 7, base + 8, 0), raw(0x7b, 10, 8, base + 16, 0),
			raw(0xbf, 6, 1, 0, 0), raw(0xb4, 7, 0, 0, 0), raw(0xbf, 8, 3, 0, 0),
			raw(0x3d, 7, 6, 5, 0), raw(0xbf, 1, 7, 0, 0), raw(0xbf, 2, 8, 0, 0), raw(0x85, 0, 1, 0, 0),
			raw(0x07, 7, 0, 0, 1), raw(0x15, 0, 0, -6, 0), raw(0xbf, 0, 7, 0, 0),
			raw(0x79, 6, 10, base, 0), raw(0x79, 7, 10, base + 8, 0), raw(0x79, 8, 10, base + 16, 0),
		];
		image.patch(i, patch);
		const target = image.insns.findIndex(other => (other as ImageInsn & Origin).origin === callback);
		image.insns[i + 12]!.imm = target - (i + 12) - 1;
		i += patch.length - 1;
	}
}

function isConditional(insn: ImageInsn): boolean {
	const cls = insn.code & 0x07;
	if (cls !== CLASS.JMP && cls !== CLASS.JMP32) return false;
	const op = insn.code & 0xf0;
	return op !== JMP.JA && op !== JMP.CALL && op !== JMP.EXIT;
}

/** Without func info: the program's start and every bpf-to-bpf call target. */
function functionStarts(insns: readonly ImageInsn[]): number[] {
	const starts = new Set([0]);
	insns.forEach((insn, i) => {
		if (insn.code === (CLASS.JMP | JMP.CALL) && insn.src === 1) starts.add(i + insn.imm + 1);
		if (insn.code === LD_IMM64 && insn.src === 4) starts.add(i + insn.imm + 1);
	});
	return [...starts].sort((a, b) => a - b);
}
