// What the map builders share: the shape of a found map, bpftool's map type names, and libbpf's
// adjustments to what a program declares.

import type {MapSpec} from '../object.js';
import {LoadError} from './load-error.js';

/** bpftool's names, indexed by enum bpf_map_type. */
const MAP_TYPES = [
	'unspec', 'hash', 'array', 'prog_array', 'perf_event_array', 'percpu_hash', 'percpu_array', 'stack_trace',
	'cgroup_array', 'lru_hash', 'lru_percpu_hash', 'lpm_trie', 'array_of_maps', 'hash_of_maps', 'devmap', 'sockmap',
	'cpumap', 'xskmap', 'sockhash', 'cgroup_storage', 'reuseport_sockarray', 'percpu_cgroup_storage', 'queue', 'stack',
	'sk_storage', 'devmap_hash', 'struct_ops', 'ringbuf', 'inode_storage', 'task_storage', 'bloom_filter', 'user_ringbuf',
	'cgrp_storage', 'arena',
] as const;

// libbpf creates these without BTF key/value types (the kernel would reject them).
export const NO_BTF_TYPES = new Set(['perf_event_array', 'cgroup_array', 'stack_trace', 'array_of_maps', 'hash_of_maps', 'devmap', 'devmap_hash', 'cpumap', 'xskmap', 'sockmap', 'sockhash', 'queue', 'stack']);

/** BPF_OBJ_NAME_LEN: names hold 15 characters and a NUL. */
export const OBJ_NAME_LEN = 16;
const PAGE_SIZE = 4096;

/** A map plus where the ELF refers to it: fd maps by symbol offset in their section, data maps by section. */
export type MapSite = {
	readonly spec: MapSpec;
	readonly section: number;
	/** 'fd' maps: offset of the map's symbol in its section; data maps: 0. */
	readonly offset: number;
	readonly kind: 'fd' | 'value';
};

export function mapTypeName(file: string, type: number, map: string): string {
	const name = MAP_TYPES[type];
	if (!name || type === 0) throw new LoadError(file, `map '${map}': unknown map type ${type}`);
	return name;
}

// libbpf rounds a ring buffer up to a power-of-two number of pages.
export function ringbufSize(size: number): number {
	if (size === 0) return 0;
	if (size % PAGE_SIZE === 0 && Number.isInteger(Math.log2(size / PAGE_SIZE))) return size;
	let pages = 1;
	while (pages * PAGE_SIZE <= size) pages *= 2;
	return pages * PAGE_SIZE;
}

/** The name the kernel keeps. */
export function kernelName(name: string): string {
	return name.slice(0, OBJ_NAME_LEN - 1);
}

/**
 * libbpf's internal_map_name: as much of the object name as fits before the section name, which
 * always keeps (at least) 7 characters; sections with a second dot ('.rodata.str1.1') get no prefix.
 */
export function internalMapName(object: string, section: string): string {
	const suffix = Math.min(Math.max(7, section.length), OBJ_NAME_LEN - 1);
	const prefix = section.indexOf('.', 1) >= 0 ? 0 : Math.min(OBJ_NAME_LEN - suffix - 1, object.length);
	return (object.slice(0, prefix) + section.slice(0, suffix)).slice(0, OBJ_NAME_LEN - 1).replace(/[^A-Za-z0-9_.]/g, '_');
}
