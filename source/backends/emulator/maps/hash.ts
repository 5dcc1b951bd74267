// Hash maps (hash, percpu_hash, lru_hash, lru_percpu_hash). A full hash refuses new keys with
// E2BIG; an LRU hash evicts its least recently used entry instead. Each hit stamps the entry with
// sets a reference bit (as the kernel's LRU does); an eviction walks from the oldest insertion,
// giving referenced entries a second chance (CLOCK), so both are O(1) amortised.
import type {MapSpec} from '../object.js';
import {regionBytes, type Memory, type Region} from '../vm/memory.js';
import {keyBytes, mapKey, type MapKey} from './keys.js';
import {ERRNO, UPDATE, round8, roundPow2, type EmuMap, type MapEntry} from './map.js';
import {Slab} from './slab.js';

/** What one hash map may hold at once (its entries grow on demand, unlike the kernel's preallocated ones). */
const MAX_LIVE_BYTES = 64 * 1024 * 1024;

/**
 * One entry: its values (one per CPU for per-CPU maps) are regions over a slab slot. The key's
 * bytes are not kept: the MapKey decodes back to them (keys.ts).
 */
type Entry = {readonly values: Region[]; readonly slot: number; referenced: boolean};

export class HashMap implements EmuMap {
	readonly perCpu: boolean;
	readonly lru: boolean;
	frozen: boolean;
	readonly handle: Region;
	private readonly table = new Map<MapKey, Entry>();
	private readonly slab: Slab;
	private readonly copies: number;
	/** Entries evicted by LRU pressure, for tests and curiosity. */
	evictions = 0;

	constructor(readonly id: number, readonly spec: MapSpec, private readonly memory: Memory, private readonly cpus: number) {
		this.perCpu = spec.type.includes('percpu');
		this.lru = spec.type.startsWith('lru');
		this.frozen = spec.frozen ?? false;
		this.handle = memory.allocHandle(this);
		this.copies = this.perCpu ? cpus : 1;
		this.slab = new Slab(spec.valueSize * this.copies, spec.maxEntries);
	}

	get size(): number {
		return this.table.size;
	}

	private touch(entry: Entry): void {
		entry.referenced = true;
	}

	/** The entry to evict: the oldest not referenced since it was last passed over. */
	private victim(): MapKey | undefined {
		// One walk from the oldest: a referenced entry loses its bit and moves to the back, where the
		// same iterator meets it again (Map iteration sees entries re-added while it runs).
		let budget = this.table.size + 1;
		for (const [k, entry] of this.table) {
			if (!entry.referenced || --budget <= 0) return k;
			entry.referenced = false;
			this.table.delete(k);
			this.table.set(k, entry);
		}

		return undefined;
	}

	lookup(key: Uint8Array, cpu: number): Region | undefined {
		if (key.length !== this.spec.keySize) return undefined;
		return this.lookupAt(key, 0, cpu);
	}

	lookupAt(bytes: Uint8Array, offset: number, cpu: number): Region | undefined {
		const entry = this.table.get(mapKey(bytes, offset, this.spec.keySize));
		if (entry === undefined) return undefined;
		this.touch(entry);
		const values = entry.values;
		return values.length === 1 ? values[0] : values[cpu % values.length];
	}

	update(key: Uint8Array, value: Uint8Array, flags: number, cpu?: number): number {
		if (flags > UPDATE.EXIST) return -ERRNO.EINVAL;
		if (key.length !== this.spec.keySize) return -ERRNO.EINVAL;
		const k = mapKey(key, 0, key.length);
		const existing = this.table.get(k);
		if (existing !== undefined && flags === UPDATE.NOEXIST) return -ERRNO.EEXIST;
		if (existing === undefined && flags === UPDATE.EXIST) return -ERRNO.ENOENT;
		const size = this.spec.valueSize;
		const data = value.subarray(0, size);
		if (existing !== undefined) {
			const values = existing.values;
			for (let c = 0; c < values.length; c++) {
				const region = values[c]!;
				if (cpu === undefined || !this.perCpu || c === cpu % values.length) region.bytes.set(data, region.base);
			}

			this.touch(existing);
			return 0;
		}

		// The kernel preallocates max_entries; the emulator grows on demand and stops at its memory bound.
		if (this.table.size >= this.spec.maxEntries || (this.table.size + 1) * (this.spec.keySize + size * this.copies) > MAX_LIVE_BYTES) {
			if (!this.lru) return -ERRNO.E2BIG;
			const victim = this.victim();
			if (victim !== undefined) this.remove(victim);
			this.evictions++;
		}

		const copies = this.copies;
		const slot = this.slab.take();
		const {bytes, view, base} = this.slab.place(slot);
		// Sized up front: an array grown by push() reserves room for 17 elements, per entry.
		const values = new Array<Region>(copies);
		for (let c = 0; c < copies; c++) {
			// A BPF program's update of a per-CPU map sets this CPU's copy; the others start zeroed.
			if (cpu === undefined || !this.perCpu || c === cpu % copies) bytes.set(data, base + c * size);
			values[c] = this.memory.allocAt('map_value', bytes, view, base + c * size, size, true, this);
		}

		this.table.set(k, {values, slot, referenced: false});
		return 0;
	}

	private remove(k: MapKey): void {
		const entry = this.table.get(k);
		if (entry === undefined) return;
		// A program may still read an entry it looked up before deleting it (RCU): its memory goes when the run ends.
		for (const region of entry.values) this.memory.retire(region);
		this.slab.release(entry.slot);
		this.table.delete(k);
	}

	delete(key: Uint8Array): number {
		if (key.length !== this.spec.keySize) return -ERRNO.ENOENT;
		const k = mapKey(key, 0, key.length);
		if (!this.table.has(k)) return -ERRNO.ENOENT;
		this.remove(k);
		return 0;
	}

	entries(): MapEntry[] {
		const out: MapEntry[] = [];
		for (const [k, entry] of this.table) {
			const copies = entry.values.map(region => regionBytes(region).slice());
			const key = keyBytes(k, this.spec.keySize);
			out.push(this.perCpu ? {key, values: copies} : {key, value: copies[0]!});
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
