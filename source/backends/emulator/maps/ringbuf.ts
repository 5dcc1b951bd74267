// A BPF ring buffer. User space (an implied consumer) drains it at once, so the emulator keeps only
// counters: records and bytes produced, and records dropped because one did not fit.
import type {MapSpec} from '../object.js';
import type {Memory, Region} from '../vm/memory.js';
import {ERRNO, type EmuMap, type MapEntry} from './map.js';

const RECORD_HEADER = 8;

export class RingBufMap implements EmuMap {
	readonly perCpu = false;
	frozen = false;
	readonly handle: Region;
	records = 0;
	bytes = 0;
	dropped = 0;
	/** Bytes reserved and not yet submitted or discarded. */
	private pending = 0;
	private readonly reserved = new Set<Region>();

	constructor(readonly id: number, readonly spec: MapSpec, private readonly memory: Memory) {
		this.handle = memory.allocHandle(this);
	}

	private fits(size: number): boolean {
		return size > 0 && this.pending + size + RECORD_HEADER <= this.spec.maxEntries;
	}

	output(size: number): number {
		if (!this.fits(size)) {
			this.dropped++;
			return -ERRNO.ENOSPC;
		}

		this.records++;
		this.bytes += size;
		return 0;
	}

	reserve(size: number): Region | undefined {
		if (!this.fits(size)) {
			this.dropped++;
			return undefined;
		}

		this.pending += size + RECORD_HEADER;
		const region = this.memory.alloc('ringbuf_record', new Uint8Array(size), true, this);
		this.reserved.add(region);
		return region;
	}

	/** Submits or discards a reserved record; false when the region is not one of ours. */
	release(region: Region, submit: boolean): boolean {
		if (!this.reserved.delete(region)) return false;
		this.pending -= region.size + RECORD_HEADER;
		if (submit) {
			this.records++;
			this.bytes += region.size;
		}

		this.memory.free(region);
		return true;
	}

	/** Reservations a run left open are discarded when it ends (the verifier would have refused it). */
	releaseAll(): void {
		if (this.reserved.size === 0) return;
		for (const region of [...this.reserved]) this.release(region, false);
	}

	lookup(): undefined {
		return undefined;
	}

	lookupAt(): undefined {
		return undefined;
	}

	update(): number {
		return -ERRNO.EINVAL;
	}

	delete(): number {
		return -ERRNO.EINVAL;
	}

	entries(): MapEntry[] {
		return [];
	}

	memlock(): number {
		return this.spec.maxEntries + 12_632;
	}

	destroy(): void {
		this.releaseAll();
		this.memory.free(this.handle);
	}
}
