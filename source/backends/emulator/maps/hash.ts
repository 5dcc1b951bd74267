// Hash maps (hash, percpu_hash, lru_hash, lru_percpu_hash). A full hash refuses new keys with
// E2BIG; an LRU hash evicts its least recently used entry instead. Each hit stamps the entry with
// sets a reference bit (as the kernel's LRU does); an eviction walks from the oldest insertion,
// giving referenced entries a second chance (CLOCK), so both are O(1) amortised.
import type {MapSpec} from '../object.js';
import {regionBytes, type Memory, type Region} from '../vm/memory.js';
import {keyBytes, mapKey, type MapKey} from './keys.js';
import {ERRNO, UPDATE, copyBytes, round8, roundPow2, type EmuMap, type MapEntry} from './map.js';
import {Slab} from './slab.js';

/** A slot's three numbers in HashMap.links. */
const PREVIOUS = 0;
const NEXT = 1;
const REFERENCED = 2;

/** What one hash map may hold at once (its entries grow on demand, unlike the kernel's preallocated ones). */
const MAX_LIVE_BYTES = 64 * 1024 * 1024;

/**
 * An entry is its slab slot: the table maps a key to its slot, and by slot the map keeps the key,
 * the value regions (one per CPU for per-CPU maps), the reference bit and the insertion order.
 * No object per entry: a connection tracker replaces entries all the time, and each entry object
 * (and its values array) lived long enough to be promoted before it died. The key's bytes are not
 * kept: the MapKey decodes back to them (keys.ts).
 */
export class HashMap implements EmuMap {
	readonly perCpu: boolean;
	readonly lru: boolean;
	frozen: boolean;
	readonly handle: Region;
	/** Key → slot; its iteration order is not used (the order list below is). */
	private readonly table = new Map<MapKey, number>();
	private readonly slab: Slab;
	private readonly copies: number;
	/** By slot. */
	private readonly keys: MapKey[] = [];
	/** By slot × copies + copy. */
	private readonly regions: Region[] = [];
	/**
	 * By slot, three numbers: the neighbours in insertion order (-1: none), and 1 when referenced
	 * since the eviction walk last passed (CLOCK). One plain array: typed arrays cost ~200 bytes
	 * each before their first element, and most maps hold a few entries.
	 */
	private readonly links: number[] = [];
	/** The oldest and newest entries (-1 when empty). */
	private head = -1;
	private tail = -1;
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

	/** Puts a slot last in insertion order, not referenced. */
	private append(slot: number): void {
		const links = this.links;
		const at = slot * 3;
		// A new slot is the next one (the slab hands them out in order): pushed, the array stays packed.
		if (at === links.length) links.push(this.tail, -1, 0);
		else {
			links[at + PREVIOUS] = this.tail;
			links[at + NEXT] = -1;
			links[at + REFERENCED] = 0;
		}

		if (this.tail === -1) this.head = slot;
		else links[this.tail * 3 + NEXT] = slot;
		this.tail = slot;
	}

	private unlink(slot: number): void {
		const links = this.links;
		const before = links[slot * 3 + PREVIOUS]!;
		const after = links[slot * 3 + NEXT]!;
		if (before === -1) this.head = after;
		else links[before * 3 + NEXT] = after;
		if (after === -1) this.tail = before;
		else links[after * 3 + PREVIOUS] = before;
	}

	/** The entry to evict: the oldest not referenced since it was last passed over. */
	private victim(): number | undefined {
		// From the oldest: a referenced entry loses its bit and moves to the back, where the walk
		// meets it again.
		let budget = this.table.size + 1;
		for (let slot = this.head; slot !== -1; slot = this.head) {
			if (this.links[slot * 3 + REFERENCED] === 0 || --budget <= 0) return slot;
			this.unlink(slot);
			this.append(slot);
		}

		return undefined;
	}

	lookup(key: Uint8Array, cpu: number): Region | undefined {
		if (key.length !== this.spec.keySize) return undefined;
		return this.lookupAt(key, 0, cpu);
	}

	lookupAt(bytes: Uint8Array, offset: number, cpu: number): Region | undefined {
		const slot = this.table.get(mapKey(bytes, offset, this.spec.keySize));
		if (slot === undefined) return undefined;
		this.links[slot * 3 + REFERENCED] = 1;
		const copies = this.copies;
		return this.regions[copies === 1 ? slot : slot * copies + (cpu % copies)];
	}

	update(key: Uint8Array, value: Uint8Array, flags: number, cpu?: number): number {
		if (flags > UPDATE.EXIST) return -ERRNO.EINVAL;
		if (key.length !== this.spec.keySize) return -ERRNO.EINVAL;
		// A shorter value (user space) writes what it has, as a subarray of it would.
		return this.put(mapKey(key, 0, key.length), value, 0, Math.min(value.length, this.spec.valueSize), flags, cpu);
	}

	/**
	 * update() for the key and value where they lie in emulated memory (keySize bytes at
	 * `keyOffset`, valueSize at `valueOffset`, both bounds-checked by the caller): the helper's
	 * path, which made three subarray views per call before.
	 */
	updateAt(keyBytes: Uint8Array, keyOffset: number, valueBytes: Uint8Array, valueOffset: number, flags: number, cpu: number): number {
		if (flags > UPDATE.EXIST) return -ERRNO.EINVAL;
		return this.put(mapKey(keyBytes, keyOffset, this.spec.keySize), valueBytes, valueOffset, this.spec.valueSize, flags, cpu);
	}

	/** Writes `length` bytes from value[valueOffset…] as the value of key `k`. */
	private put(k: MapKey, value: Uint8Array, valueOffset: number, length: number, flags: number, cpu: number | undefined): number {
		const existing = this.table.get(k);
		if (existing !== undefined && flags === UPDATE.NOEXIST) return -ERRNO.EEXIST;
		if (existing === undefined && flags === UPDATE.EXIST) return -ERRNO.ENOENT;
		const size = this.spec.valueSize;
		const copies = this.copies;
		if (existing !== undefined) {
			for (let c = 0; c < copies; c++) {
				const region = this.regions[existing * copies + c]!;
				if (cpu === undefined || !this.perCpu || c === cpu % copies) copyBytes(region.bytes, region.base, value, valueOffset, length);
			}

			this.links[existing * 3 + REFERENCED] = 1;
			return 0;
		}

		// The kernel preallocates max_entries; the emulator grows on demand and stops at its memory bound.
		if (this.table.size >= this.spec.maxEntries || (this.table.size + 1) * (this.spec.keySize + size * copies) > MAX_LIVE_BYTES) {
			if (!this.lru) return -ERRNO.E2BIG;
			const victim = this.victim();
			if (victim !== undefined) this.remove(victim);
			this.evictions++;
		}

		const slot = this.slab.take();
		const {bytes, view, base} = this.slab.place(slot);
		for (let c = 0; c < copies; c++) {
			// A BPF program's update of a per-CPU map sets this CPU's copy; the others start zeroed.
			if (cpu === undefined || !this.perCpu || c === cpu % copies) copyBytes(bytes, base + c * size, value, valueOffset, length);
			this.regions[slot * copies + c] = this.memory.allocAt('map_value', bytes, view, base + c * size, size, true, this);
		}

		this.table.set(k, slot);
		this.keys[slot] = k;
		this.append(slot);
		return 0;
	}

	private remove(slot: number): void {
		const copies = this.copies;
		// A program may still read an entry it looked up before deleting it (RCU): its memory goes when the run ends.
		for (let c = 0; c < copies; c++) this.memory.retire(this.regions[slot * copies + c]!);
		this.slab.release(slot);
		this.table.delete(this.keys[slot]!);
		this.unlink(slot);
	}

	delete(key: Uint8Array): number {
		if (key.length !== this.spec.keySize) return -ERRNO.ENOENT;
		return this.deleteAt(key, 0);
	}

	/** delete() for the keySize bytes at `offset` (bounds-checked by the caller; no view made). */
	deleteAt(bytes: Uint8Array, offset: number): number {
		const slot = this.table.get(mapKey(bytes, offset, this.spec.keySize));
		if (slot === undefined) return -ERRNO.ENOENT;
		this.remove(slot);
		return 0;
	}

	/** Slots in insertion order (oldest first; an entry the eviction walk passed over counts from then). */
	private slots(): number[] {
		const out: number[] = [];
		for (let slot = this.head; slot !== -1; slot = this.links[slot * 3 + NEXT]!) out.push(slot);
		return out;
	}

	entries(): MapEntry[] {
		const out: MapEntry[] = [];
		const copies = this.copies;
		for (const slot of this.slots()) {
			const values = Array.from({length: copies}, (_, c) => regionBytes(this.regions[slot * copies + c]!).slice());
			const key = keyBytes(this.keys[slot]!, this.spec.keySize);
			out.push(this.perCpu ? {key, values} : {key, value: values[0]!});
		}

		return out;
	}

	memlock(): number {
		const {keySize, valueSize, maxEntries} = this.spec;
		const valueBytes = this.perCpu ? 8 + round8(valueSize) * this.cpus : round8(valueSize);
		return 1040 + maxEntries * (48 + round8(keySize) + valueBytes) + roundPow2(maxEntries) * 16;
	}

	destroy(): void {
		for (const slot of this.slots()) this.remove(slot);
		this.memory.free(this.handle);
	}
}
