// A map's entries as a backend reads them: raw bytes in a few typed arrays, not an object per entry,
// so a million entries cost their bytes and little else. Both backends answer readMap() with this;
// nothing after the backend knows which one (or which way: bpf(2), or bpftool's dump) answered.
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

export const perCpuTypes = new Set(['percpu_hash', 'percpu_array', 'lru_percpu_hash', 'percpu_cgroup_storage']);

/** Bytes of one entry's value(s) in `values`. */
export function entryStride(contents: Pick<MapContents, 'cpus' | 'cpuStride'>): number {
	return contents.cpus * contents.cpuStride;
}

/** The value bytes of entry `index` on copy `cpu` (a view, not a copy). */
export function valueBytes(contents: MapContents, index: number, cpu = 0): Uint8Array {
	const start = index * entryStride(contents) + cpu * contents.cpuStride;
	return contents.values.subarray(start, start + contents.valueSize);
}

export function keyBytes(contents: MapContents, index: number): Uint8Array {
	return contents.keys.subarray(index * contents.keySize, (index + 1) * contents.keySize);
}

/** Collects entries into growing typed arrays: one copy per entry, amortised like a vector. */
export class ContentsBuilder {
	count = 0;
	private keys: Uint8Array;
	private values: Uint8Array;
	private errors: Map<number, string> | undefined;
	readonly stride: number;

	constructor(
		readonly keySize: number,
		readonly valueSize: number,
		readonly cpus: number,
		readonly cpuStride: number,
		capacity = 64,
	) {
		this.stride = cpus * cpuStride;
		this.keys = new Uint8Array(capacity * keySize);
		this.values = new Uint8Array(capacity * this.stride);
	}

	private reserve(more: number): void {
		const need = this.count + more;
		if (need * this.keySize <= this.keys.length && need * this.stride <= this.values.length) return;
		const capacity = Math.max(need, Math.ceil((this.count || 32) * 1.5));
		const keys = new Uint8Array(capacity * this.keySize);
		keys.set(this.keys.subarray(0, this.count * this.keySize));
		const values = new Uint8Array(capacity * this.stride);
		values.set(this.values.subarray(0, this.count * this.stride));
		this.keys = keys;
		this.values = values;
	}

	/** Appends `count` entries laid out as the kernel's batch calls lay them out. */
	addBlock(keys: Uint8Array, values: Uint8Array, count: number): void {
		this.reserve(count);
		this.keys.set(keys.subarray(0, count * this.keySize), this.count * this.keySize);
		this.values.set(values.subarray(0, count * this.stride), this.count * this.stride);
		this.count += count;
	}

	/** Appends one entry; `values` holds one copy per CPU (or is undefined for an entry that failed). */
	add(key: Uint8Array, values: ReadonlyArray<Uint8Array> | Uint8Array | undefined, error?: string): number {
		this.reserve(1);
		const index = this.count++;
		this.keys.set(key.subarray(0, this.keySize), index * this.keySize);
		if (values instanceof Uint8Array) this.values.set(values.subarray(0, this.stride), index * this.stride);
		else if (values) values.forEach((copy, cpu) => this.values.set(copy.subarray(0, this.valueSize), index * this.stride + cpu * this.cpuStride));
		if (error !== undefined) (this.errors ??= new Map()).set(index, error);
		return index;
	}

	finish(rest: Omit<MapContents, 'keySize' | 'valueSize' | 'cpus' | 'cpuStride' | 'count' | 'keys' | 'values' | 'errors'>): MapContents {
		// Trimmed to what was read: a map far below max_entries should not keep its full capacity.
		const trim = (bytes: Uint8Array, length: number) => (bytes.length - length > 65_536 ? bytes.slice(0, length) : bytes.subarray(0, length));
		return {
			...rest,
			keySize: this.keySize,
			valueSize: this.valueSize,
			cpus: this.cpus,
			cpuStride: this.cpuStride,
			count: this.count,
			keys: trim(this.keys, this.count * this.keySize),
			values: trim(this.values, this.count * this.stride),
			...(this.errors ? {errors: this.errors} : {}),
		};
	}
}
