// What the emulated kernel loads: a BPF object as libbpf would hand it to the kernel. The scenario
// builds these in code; the ELF loader (--load FILE.bpf.o) builds them from a compiled object.
// Both meet here, so the kernel does not care where a program came from.
import type {BtfIndex} from './btf/parse.js';

/** bpftool's names for program types: 'xdp', 'sched_cls', 'raw_tracepoint', 'kprobe', 'tracepoint', 'cgroup_skb', 'socket_filter' … */
export type ProgramType = string;

/** bpftool's names for map types: 'array', 'hash', 'percpu_array', 'percpu_hash', 'lru_hash', 'ringbuf', 'prog_array' … */
export type MapType = string;

// The BTF model is shared with the bpftool backend (source/btf/).
export type {BtfMember, BtfType} from '../../btf/types.js';
import type {BtfType} from '../../btf/types.js';

export type MapSpec = {
	/** The name the kernel shows (at most 15 characters), e.g. 'hello.bss' or 'counts'. */
	readonly name: string;
	readonly type: MapType;
	readonly keySize: number;
	readonly valueSize: number;
	readonly maxEntries: number;
	readonly flags: number;
	/** Initial contents of global-data maps (.data, .rodata); zeroes when absent. */
	readonly initialValue?: Uint8Array;
	/** .rodata maps are frozen after load. */
	readonly frozen?: boolean;
	readonly keyType?: BtfType;
	readonly valueType?: BtfType;
};

/** An ld_imm64 instruction that refers to a map: the kernel rewrites its immediate on load. */
export type MapReference = {
	/** Index (in 8-byte instruction slots) of the first half of the ld_imm64. */
	readonly insn: number;
	/** Name of the map in the same object. */
	readonly map: string;
	/** 'fd' loads the map pointer (BPF_PSEUDO_MAP_FD); 'value' the address of its value plus offset (BPF_PSEUDO_MAP_VALUE). */
	readonly kind: 'fd' | 'value';
	readonly offset: number;
};

/** A kernel symbol an instruction refers to: a typed __ksym variable (ld_imm64 BPF_PSEUDO_BTF_ID) or a kfunc call. */
export type KernelSymbolRef =
	| {readonly insn: number; readonly kind: 'var'; readonly name: string; readonly btfId: number; readonly typeId: number}
	| {readonly insn: number; readonly kind: 'kfunc'; readonly name: string; readonly btfId: number};

/** An instruction CO-RE poisoned (libbpf's `call 0xbad2310`), with the relocation it could not satisfy. */
export type PoisonedInsn = {readonly insn: number; readonly relocation: string};

/** A function's start, name and prototype; `global` functions (BTF_FUNC_GLOBAL) are verified on their own. */
export type FuncInfo = {readonly insn: number; readonly name: string; readonly proto: string; readonly global?: boolean};
export type LineInfo = {readonly insn: number; readonly source: string; readonly file: string; readonly line: number; readonly column: number};

export type ProgramSpec = {
	/** Function name; the kernel keeps the first 15 characters. */
	readonly name: string;
	/** ELF section, e.g. 'xdp' or 'raw_tp/sys_enter'. */
	readonly section: string;
	readonly type: ProgramType;
	/** The instructions as the ELF holds them (8 bytes each, little endian), bpf-to-bpf calls already resolved. */
	readonly insns: Uint8Array;
	readonly mapRefs: readonly MapReference[];
	readonly funcInfo?: readonly FuncInfo[];
	readonly lineInfo?: readonly LineInfo[];
	/** bpftool's name of the expected attach type libbpf sets from the section ('trace_raw_tp', 'trace_fentry' …). */
	readonly attachType?: string;
	/** The section's target: 'sched_switch' in tp_btf/sched_switch, 'syscalls/sys_enter_openat' in tracepoint/… */
	readonly attachTo?: string;
	/** For tp_btf, fentry, fexit, lsm, iter: the target's type id in the kernel BTF (undefined when not found). */
	readonly attachBtfId?: number;
	readonly kernelRefs?: readonly KernelSymbolRef[];
	readonly poisoned?: readonly PoisonedInsn[];
	/** Where libbpf or the kernel would refuse what the emulator accepts, and why (one line each). */
	readonly notes?: readonly string[];
};

/** How CO-RE relocations were resolved for an object. */
export type CoreSummary = {
	/** '/sys/kernel/btf/vmlinux', or "the object's own BTF (…why…)". */
	readonly target: string;
	readonly relocations: number;
	readonly poisoned: number;
};

export type BpfObjectSpec = {
	/** Object name, the file name without '.bpf.o' or '.o' (libbpf prefixes global-data maps with it). */
	readonly name: string;
	readonly license: string;
	readonly programs: readonly ProgramSpec[];
	readonly maps: readonly MapSpec[];
	/** Present when the object has CO-RE relocations. */
	readonly core?: CoreSummary;
	/** Object-wide notes: where the emulator stood in for the real kernel (one line each). */
	readonly notes?: readonly string[];
	/**
	 * The BTF the emulated kernel lays its structures out by when this object's programs read them
	 * (task_struct, file …): the kernel's own where it was read, else the object's.
	 */
	readonly kernelBtf?: BtfIndex;
	/** The object's own BTF: structs it declares itself (a tool's tracepoint context type). */
	readonly localBtf?: BtfIndex;
};
