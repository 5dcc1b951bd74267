// What every emulated map offers the kernel, the helpers and bpftool's answers.
import type {MapSpec} from '../object.js';
import type {Region} from '../vm/memory.js';

export const ERRNO = {EPERM: 1, ENOENT: 2, E2BIG: 7, EEXIST: 17, EINVAL: 22, ENOSPC: 28} as const;
export const UPDATE = {ANY: 0, NOEXIST: 1, EXIST: 2} as const;

/** One entry as `map dump` shows it: one value, or one per CPU for per-CPU maps. */
export type MapEntry = {
	readonly key: Uint8Array;
	readonly value?: Uint8Array;
	readonly values?: readonly Uint8Array[];
};

export type EmuMap = {
	readonly id: number;
	readonly spec: MapSpec;
	readonly perCpu: boolean;
	frozen: boolean;
	/** What ld_imm64 with BPF_PSEUDO_MAP_FD loads: a pointer helpers recognise, not readable memory. */
	readonly handle: Region;
	/** A pointer to the value for `key` on `cpu`, or undefined. */
	lookup(key: Uint8Array, cpu: number): Region | undefined;
	/** lookup() for the keySize bytes at `offset` in `bytes` (a helper's view of emulated memory, uncopied). */
	lookupAt(bytes: Uint8Array, offset: number, cpu: number): Region | undefined;
	/** 0 or a negative errno. `cpu` undefined writes every CPU's copy (user space), else that CPU's. */
	update(key: Uint8Array, value: Uint8Array, flags: number, cpu?: number): number;
	/**
	 * update() of a BPF program (on `cpu`) with the keySize and valueSize bytes where they lie in
	 * emulated memory (bounds-checked by the caller), for maps that can do without a view of each.
	 */
	updateAt?(keyBytes: Uint8Array, keyOffset: number, valueBytes: Uint8Array, valueOffset: number, flags: number, cpu: number): number;
	/** 0 or a negative errno. */
	delete(key: Uint8Array): number;
	/** delete() for the keySize bytes at `offset` in `bytes` (bounds-checked by the caller), where the map offers it. */
	deleteAt?(bytes: Uint8Array, offset: number): number;
	entries(): MapEntry[];
	/** What bpftool shows as bytes_memlock. */
	memlock(): number;
	/** Frees every region the map holds (the map is being unloaded). */
	destroy(): void;
};

export const round8 = (n: number) => Math.ceil(n / 8) * 8;
export const roundPage = (n: number) => Math.ceil(n / 4096) * 4096;
export const roundPow2 = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

/**
 * Copies `length` bytes (TypedArray.set of a subarray, without the subarray: a map update from a
 * program runs thousands of times a second). Source and target are one map value or disjoint ones
 * (values do not overlap), so a forward copy is exact.
 */
export function copyBytes(target: Uint8Array, targetOffset: number, source: Uint8Array, sourceOffset: number, length: number): void {
	for (let i = 0; i < length; i++) target[targetOffset + i] = source[sourceOffset + i]!;
}
