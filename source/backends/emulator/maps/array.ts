// Array maps (array, percpu_array, prog_array, and the global-data arrays .bss/.data/.rodata):
// preallocated, indexed by a u32 key, never deleted. Element regions are created lazily so a large
// array costs memory only where a program or a dump touches it.
import type {MapSpec} from '../object.js';
import type {Memory, Region} from '../vm/memory.js';
import {ERRNO, UPDATE, copyBytes, round8, roundPage, type EmuMap, type MapEntry} from './map.js';

const BPF_F_MMAPABLE = 1 << 10;

export class ArrayMap implements EmuMap {
	readonly perCpu: boolean;
	frozen: boolean;
	readonly handle: Region;
	private readonly storage: Uint8Array[];
	/** One view per storage copy, shared by its element regions. */
	private readonly views: DataView[];
	/** Element regions by index, made on first use (a sparse array: large maps go dictionary-mode). */
	private readonly elements: Array<Region[] | undefined> = [];

	constructor(readonly id: number, readonly spec: MapSpec, private readonly memory: Memory, private readonly cpus: number) {
		this.perCpu = spec.type === 'percpu_array';
		this.frozen = spec.frozen ?? false;
		this.handle = memory.allocHandle(this);
		const copies = this.perCpu ? cpus : 1;
		this.storage = [];
		for (let c = 0; c < copies; c++) {
			const bytes = new Uint8Array(spec.valueSize * spec.maxEntries);
			if (spec.initialValue !== undefined && spec.maxEntries >= 1) bytes.set(spec.initialValue.subarray(0, spec.valueSize));
			this.storage.push(bytes);
		}

		this.views = this.storage.map(bytes => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
	}

	index(key: Uint8Array): number | undefined {
		if (key.length < 4) return undefined;
		const i = (key[0]! | (key[1]! << 8) | (key[2]! << 16) | (key[3]! << 24)) >>> 0;
		return i < this.spec.maxEntries ? i : undefined;
	}

	/**
	 * Runs on every lookup. It holds no closure: a function whose closure captures its parameter
	 * allocates a context for it on every call, made or not (48 bytes a lookup here).
	 */
	private regionsFor(i: number): Region[] {
		return this.elements[i] ?? this.makeRegions(i);
	}

	private makeRegions(i: number): Region[] {
		const size = this.spec.valueSize;
		// Programs may write global data unless the map is frozen (.rodata).
		const regions = this.storage.map((bytes, c) => this.memory.allocAt('map_value', bytes, this.views[c], i * size, size, !this.frozen, this));
		this.elements[i] = regions;
		return regions;
	}

	lookup(key: Uint8Array, cpu: number): Region | undefined {
		return key.length < 4 ? undefined : this.lookupAt(key, 0, cpu);
	}

	lookupAt(bytes: Uint8Array, offset: number, cpu: number): Region | undefined {
		if (this.spec.keySize < 4) return undefined;
		const i = (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>> 0;
		if (i >= this.spec.maxEntries || this.spec.type === 'prog_array') return undefined;
		const regions = this.regionsFor(i);
		return regions[this.perCpu ? cpu % regions.length : 0];
	}

	/** Element 0's value (BPF_PSEUDO_MAP_VALUE points here for global data). */
	valueRegion(): Region {
		return this.regionsFor(0)[0]!;
	}

	update(key: Uint8Array, value: Uint8Array, flags: number, cpu?: number): number {
		return this.put(this.index(key), value, 0, Math.min(value.length, this.spec.valueSize), flags, cpu);
	}

	/** update() for the key and value where they lie in emulated memory (bounds-checked by the caller): no view of either. */
	updateAt(keyBytes: Uint8Array, keyOffset: number, valueBytes: Uint8Array, valueOffset: number, flags: number, cpu: number): number {
		let i: number | undefined;
		if (this.spec.keySize >= 4) {
			i = (keyBytes[keyOffset]! | (keyBytes[keyOffset + 1]! << 8) | (keyBytes[keyOffset + 2]! << 16) | (keyBytes[keyOffset + 3]! << 24)) >>> 0;
			if (i >= this.spec.maxEntries) i = undefined;
		}

		return this.put(i, valueBytes, valueOffset, this.spec.valueSize, flags, cpu);
	}

	/** Writes `length` bytes from value[valueOffset…] to element i (undefined: the key is out of range). */
	private put(i: number | undefined, value: Uint8Array, valueOffset: number, length: number, flags: number, cpu: number | undefined): number {
		if (i === undefined) return -ERRNO.E2BIG;
		if (flags === UPDATE.NOEXIST) return -ERRNO.EEXIST;
		if (flags > UPDATE.EXIST) return -ERRNO.EINVAL;
		if (this.frozen && cpu === undefined) return -ERRNO.EPERM;
		const at = i * this.spec.valueSize;
		const storage = this.storage;
		for (let c = 0; c < storage.length; c++) {
			if (cpu === undefined || c === cpu % storage.length) copyBytes(storage[c]!, at, value, valueOffset, length);
		}

		return 0;
	}

	delete(): number {
		return -ERRNO.EINVAL;
	}

	/** The u32 stored at index i (prog_array: a program id, 0 for none). */
	u32At(i: number): number {
		const bytes = this.storage[0]!;
		if (i >= this.spec.maxEntries || this.spec.valueSize < 4) return 0;
		return new DataView(bytes.buffer, bytes.byteOffset).getUint32(i * this.spec.valueSize, true);
	}

	entries(): MapEntry[] {
		const out: MapEntry[] = [];
		const size = this.spec.valueSize;
		for (let i = 0; i < this.spec.maxEntries; i++) {
			// bpftool shows only the occupied slots of a prog_array.
			if (this.spec.type === 'prog_array' && this.u32At(i) === 0) continue;
			const key = new Uint8Array(4);
			new DataView(key.buffer).setUint32(0, i, true);
			const copies = this.storage.map(bytes => bytes.slice(i * size, (i + 1) * size));
			out.push(this.perCpu ? {key, values: copies} : {key, value: copies[0]!});
		}

		return out;
	}

	memlock(): number {
		const {valueSize, maxEntries, flags} = this.spec;
		if ((flags & BPF_F_MMAPABLE) !== 0) return roundPage(valueSize * maxEntries) + 4096;
		if (this.perCpu) return 312 + 8 * maxEntries + round8(valueSize) * maxEntries * this.cpus;
		return 312 + round8(this.spec.type === 'prog_array' ? 8 : valueSize) * maxEntries;
	}

	destroy(): void {
		// forEach skips the holes of a sparse array.
		this.elements.forEach(regions => {
			for (const r of regions ?? []) this.memory.free(r);
		});
		this.elements.length = 0;
		this.memory.free(this.handle);
	}
}
