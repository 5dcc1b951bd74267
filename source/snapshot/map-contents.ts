// A map's entries as a backend reads them (Backend.readMap): raw bytes in a few typed arrays, not
// an object per entry, so a million entries cost their bytes and little else. Nothing after the
// backend knows which backend (or which way: bpf(2), or bpftool's dump) answered. Types only.
import type {Json} from '../btf/format.js';
import type {MapBtf} from '../btf/types.js';

export type MapContents = {
	readonly mapId: number;
	readonly keySize: number;
	readonly valueSize: number;
	/** Value copies per entry: the possible CPUs for per-CPU maps, else 1. */
	readonly cpus: number;
	/** Bytes from one CPU's copy to the next (the kernel rounds per-CPU values up to 8 bytes). */
	readonly cpuStride: number;
	/** Entries read. */
	readonly count: number;
	/** count × keySize bytes. */
	readonly keys: Uint8Array;
	/** count × cpus × cpuStride bytes (entries that failed hold zeroes). */
	readonly values: Uint8Array;
	/** Entries whose value could not be read (a perf_event_array answers every lookup with an error), by index. */
	readonly errors?: ReadonlyMap<number, string>;
	/** The value is an id, not bytes to format: inner maps (map-in-map), or programs (prog_array). */
	readonly valueIs?: 'map-id' | 'prog-id';
	/** The key and value types from the map's BTF, for formatting (as bpftool's `formatted`). */
	readonly btf?: MapBtf;
	/**
	 * bpftool's `formatted` value per entry, where the backend had that and no types (the bpftool
	 * fallback): `{key?, value?}` or `{key?, values: [{cpu, value}]}`.
	 */
	readonly formatted?: readonly Json[];
	/** Processes holding the map (looked up for bpftrace's maps: the script says which are histograms). */
	readonly holders?: readonly MapHolder[];
	/** Stopped at this many entries (--map-limit) though the map held more. */
	readonly truncated?: boolean;
	/** How the entries were read, for the value table's title line. */
	readonly via: 'bpf(2) batch' | 'bpf(2)' | 'bpftool' | 'emulator';
};

export type MapHolder = {readonly pid: number; readonly comm: string; readonly args: readonly string[]};

/** How far a read has got: the view shows it while a long read runs. */
export type MapReadProgress = {readonly mapId: number; readonly read: number; readonly total?: number};

export type MapReadOptions = {
	/** Stop after this many entries (the read says truncated). */
	readonly limit: number;
	readonly signal?: AbortSignal;
	/** Called between chunks of a long read. */
	readonly onProgress?: (progress: MapReadProgress) => void;
	/** About how many entries the last read found, to say "of ~N" while reading a hash. */
	readonly expected?: number;
};

