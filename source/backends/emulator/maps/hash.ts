// Hash maps (hash, percpu_hash, lru_hash, lru_percpu_hash). A full hash refuses new keys with
// E2BIG; an LRU hash evicts its least recently used entry instead. JS Map insertion order is the
// recency order: a hit on an LRU map re-inserts the entry at the end.
import type {MapSpec} from '../object.js';
import type {Memory, Region} from '../vm/memory.js';
import {ERRNO, UPDATE, keyString, round8, roundPow2, type EmuMap, type MapEntry} from './map.js';

type Entry = {readonly key: Uint8Array; readonly values: Region[]};

export class HashMap implements EmuMap {
	readonly perCpu: boolean;
	readonly lru: boolean;
	frozen: boolean;
	readonly handle: Region;
	private readonly table = new Map<string, Entry>();
	/** Entries evicted by LRU pressure, for tests and curiosity. */
	evictions = 0;

	constructor(readonly id: number, readonly spec: MapSpec, private readonly memory: Memory, private readonly cpus: number) {
		this.perCpu = spec.type.includes('percpu');
		this.lru = spec.type.startsWith('lru');
		this.frozen = spec.frozen ?? false;
		this.handle = memory.alloc('map', new Uint8Array(0), false, this);
	}

	get size(): number {
		return this.table.size;
	}

	private touch(k: string, entry: Entry): void {
		if (!this.lru) return;
		this.table.delete(k);
		this.table.set(k, entry);
	}

	lookup(key: Uint8Array, cpu: number): Region | undefined {
		if (key.length !== this.spec.keySize) return undefined;
		const k = keyString(key);
		const entry = this.table.get(k);
		if (entry === undefined) return undefined;
		this.touch(k, entry);
		return entry.values[this.perCpu ? cpu % entry.values.length : 0];
	}

	update(key: Uint8Array, value: Uint8Array, flags: number, cpu?: number): number {
		if (flags > UPDATE.EXIST) return -ERRNO.EINVAL;
		if (key.length !== this.spec.keySize) return -ERRNO.EINVAL;
		const k = keyString(key);
		const existing = this.table.get(k);
		if (existing !== undefined && flags === UPDATE.NOEXIST) return -ERRNO.EEXIST;
		if (existing === undefined && flags === UPDATE.EXIST) return -ERRNO.ENOENT;
		const size = this.spec.valueSize;
		const data = value.subarray(0, size);
		if (existing !== undefined) {
			existing.values.forEach((region, c) => {
				if (cpu === undefined || !this.perCpu || c === cpu % existing.values.length) region.bytes.set(data);
			});
			this.touch(k, existing);
			return 0;
		}

		if (this.table.size >= this.spec.maxEntries) {
			if (!this.lru) return -ERRNO.E2BIG;
			const oldest = this.table.keys().next().value;
			if (oldest !== undefined) this.remove(oldest);
			this.evictions++;
		}

		const copies = this.perCpu ? this.cpus : 1;
		const values: Region[] = [];
		for (let c = 0; c < copies; c++) {
			const bytes = new Uint8Array(size);
			// A BPF program's update of a per-CPU map sets this CPU's copy; the others start zeroed.
			if (cpu === undefined || !this.perCpu || c === cpu % copies) bytes.set(data);
			values.push(this.memory.alloc('map_value', bytes, true, this));
		}

		this.table.set(k, {key: Uint8Array.from(key), values});
		return 0;
	}

	private remove(k: string): void {
		const entry = this.table.get(k);
		if (entry === undefined) return;
		for (const region of entry.values) this.memory.free(region);
		this.table.delete(k);
	}

	delete(key: Uint8Array): number {
		const k = keyString(key);
		if (!this.table.has(k)) return -ERRNO.ENOENT;
		this.remove(k);
		return 0;
	}

	entries(): MapEntry[] {
		const out: MapEntry[] = [];
		for (const entry of this.table.values()) {
			const copies = entry.values.map(region => Uint8Array.from(region.bytes));
			out.push(this.perCpu ? {key: Uint8Array.from(entry.key), values: copies} : {key: Uint8Array.from(entry.key), value: copies[0]!});
		}

		return out;
	}

	memlock(): number {
		const {keySize, valueSize, maxEntries} = this.spec;
		const valueBytes = this.perCpu ? 8 + round8(valueSize) * this.cpus : round8(valueSize);
		return 1040 + maxEntries * (48 + round8(keySize) + valueBytes) + roundPow2(maxEntries) * 16;
	}

	destroy(): void {
		for (const k of [...this.table.keys()]) this.remove(k);
		this.memory.free(this.handle);
	}
}
