// What the emulated kernel loads: a BPF object as libbpf would hand it to the kernel. The scenario
// builds these in code; the ELF loader (--load FILE.bpf.o) builds them from a compiled object.
// Both meet here, so the kernel does not care where a program came from.

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

export type FuncInfo = {readonly insn: number; readonly name: string; readonly proto: string};
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
};

export type BpfObjectSpec = {
	/** Object name, the file name without '.bpf.o' or '.o' (libbpf prefixes global-data maps with it). */
	readonly name: string;
	readonly license: string;
	readonly programs: readonly ProgramSpec[];
	readonly maps: readonly MapSpec[];
};
