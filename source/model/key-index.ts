// Finds an entry by its key bytes among a read's keys: an open-addressing hash table of entry
// indices (one Int32Array), so a million keys cost 8 MB and no string or object per key.

export class KeyIndex {
	private readonly table: Int32Array;
	private readonly mask: number;

	/** Indexes the `count` keys of `keySize` bytes in `keys`; a key seen twice keeps its first index. */
	constructor(
		private readonly keys: Uint8Array,
		private readonly keySize: number,
		count: number,
	) {
		let size = 16;
		while (size < count * 2) size *= 2;
		this.table = new Int32Array(size).fill(-1);
		this.mask = size - 1;
		for (let index = 0; index < count; index++) this.insert(index);
	}

	/** The index of the key at `offset` in `bytes`, or -1. */
	find(bytes: Uint8Array, offset: number): number {
		for (let slot = hashBytes(bytes, offset, this.keySize) & this.mask; ; slot = (slot + 1) & this.mask) {
			const index = this.table[slot]!;
			if (index === -1) return -1;
			if (sameBytes(bytes, offset, this.keys, index * this.keySize, this.keySize)) return index;
		}
	}

	/** True when the key was new (false: a duplicate of an earlier index, which a walk can produce). */
	private insert(index: number): boolean {
		const offset = index * this.keySize;
		for (let slot = hashBytes(this.keys, offset, this.keySize) & this.mask; ; slot = (slot + 1) & this.mask) {
			const found = this.table[slot]!;
			if (found === -1) {
				this.table[slot] = index;
				return true;
			}

			if (sameBytes(this.keys, offset, this.keys, found * this.keySize, this.keySize)) return false;
		}
	}
}

/** FNV-1a over the bytes, then a final mix so sequential integer keys spread over the table. */
export function hashBytes(bytes: Uint8Array, offset: number, size: number): number {
	let hash = 0x811c9dc5;
	for (let index = 0; index < size; index++) hash = Math.imul(hash ^ bytes[offset + index]!, 0x01000193);
	hash ^= hash >>> 16;
	hash = Math.imul(hash, 0x85ebca6b);
	hash ^= hash >>> 13;
	return hash >>> 0;
}

export function sameBytes(a: Uint8Array, aOffset: number, b: Uint8Array, bOffset: number, size: number): boolean {
	for (let index = 0; index < size; index++) if (a[aOffset + index] !== b[bOffset + index]) return false;
	return true;
}
