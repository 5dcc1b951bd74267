// Storage for a hash map's values: slots of `slotBytes` (one value per CPU copy) in chunks, so
// thousands of entries cost a few arrays rather than an ArrayBuffer (and its native backing
// store) each. A removed entry's slot is reused; the Memory regions over a slot are the map's to
// free first, so a stale pointer faults instead of reading the new entry.

/** Where a slot lives: a chunk's bytes and their shared view, and the slot's first byte. */
export type SlotPlace = {readonly bytes: Uint8Array; readonly view: DataView; readonly base: number};

/** Chunks stay small (a few KiB): a map that never fills never pays for its max_entries. */
const CHUNK_BYTES = 16 * 1024;
const CHUNK_SLOTS = 64;

export class Slab {
	private readonly chunks: Array<{bytes: Uint8Array; view: DataView}> = [];
	private readonly free: number[] = [];
	private next = 0;
	private readonly chunkSlots: number;

	constructor(private readonly slotBytes: number, maxSlots: number) {
		this.chunkSlots = Math.max(1, Math.min(maxSlots, CHUNK_SLOTS, Math.floor(CHUNK_BYTES / Math.max(1, slotBytes))));
	}

	/** A zeroed slot. */
	take(): number {
		const reused = this.free.pop();
		if (reused !== undefined) {
			const {bytes, base} = this.place(reused);
			bytes.fill(0, base, base + this.slotBytes);
			return reused;
		}

		const slot = this.next++;
		if (slot % this.chunkSlots === 0) {
			const bytes = new Uint8Array(this.chunkSlots * this.slotBytes);
			this.chunks.push({bytes, view: new DataView(bytes.buffer)});
		}

		return slot;
	}

	release(slot: number): void {
		this.free.push(slot);
	}

	place(slot: number): SlotPlace {
		const chunk = this.chunks[Math.floor(slot / this.chunkSlots)]!;
		return {bytes: chunk.bytes, view: chunk.view, base: (slot % this.chunkSlots) * this.slotBytes};
	}
}
