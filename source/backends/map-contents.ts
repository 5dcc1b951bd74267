// Builds a MapContents (snapshot/map-contents.ts) from entries as a backend reads them: typed arrays
// that grow like a vector, one copy per entry (or per batch of entries).
import type {MapContents} from '../snapshot/map-contents.js';

export const perCpuTypes = new Set(['percpu_hash', 'percpu_array', 'lru_percpu_hash', 'percpu_cgroup_storage']);

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
