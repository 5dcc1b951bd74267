// The VM's memory: a tagged-pointer model. Every object a program can point at (a stack frame, the
// context, a map value, a packet, a ring buffer record) is a region; a pointer is
// region id × 2^24 + offset (below 2^48, so it stays a plain number, see u64.ts). Pointer
// arithmetic is ordinary 64-bit arithmetic and every access is bounds-checked against the region
// it lands in; anything that lands in no live region faults.
import type {PointerFields} from './pointer-fields.js';
import {fromHalves, type U64} from './u64.js';

export class VmFault extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'VmFault';
	}
}

/** 'kernel': a kernel object a tracing program reads (task_struct …); 'user': a process's memory (a path a syscall gets). */
export type RegionKind = 'stack' | 'ctx' | 'packet' | 'map_value' | 'map' | 'ringbuf_record' | 'kernel' | 'user';

export type Region = {
	readonly id: number;
	readonly kind: RegionKind;
	/**
	 * The backing array; the region is bytes[base, base + size). Map values share a slab (their
	 * map's), so a value costs no array of its own; regionBytes() gives a region's own view.
	 */
	bytes: Uint8Array;
	/** A view of the whole backing array (shared with its other regions), made on first multi-byte access. */
	view: DataView | undefined;
	readonly base: number;
	/** Accessible bytes from base (per-run buffers reuse a larger array). */
	size: number;
	writable: boolean;
	/** Context fields that read as pointers (xdp_md.data …): offset → value, consulted on loads. */
	pointerFields?: PointerFields;
	/** What a 'map' region stands for (a map pointer from ld_imm64), or a value's owning map. */
	owner?: unknown;
	live: boolean;
};

const REGION_SPAN = 1 << 24;
/** Multiplying by 2^-24 is exact, and cheaper than dividing. */
const PER_SPAN = 1 / REGION_SPAN;
const MAX_REGIONS = 1 << 24;
const TWO32 = 4_294_967_296;
const EMPTY = new Uint8Array(0);

export class Memory {
	/** Indexed by region id (ids are recycled, so the array stays dense). */
	private readonly regions: Array<Region | undefined> = [undefined];
	private live = 0;
	private nextId = 1;
	private readonly freeIds: number[] = [];
	/** Freed during a run: recycled only when the run ends, so a stale pointer never aliases. */
	private readonly pendingFree: number[] = [];
	/** Still readable until the run ends, then freed (a deleted hash entry under RCU). */
	private readonly retiring: Region[] = [];

	alloc(kind: RegionKind, bytes: Uint8Array, writable = true, owner?: unknown): Region {
		return this.allocAt(kind, bytes, undefined, 0, bytes.length, writable, owner);
	}

	/** What ld_imm64 of a map fd loads: a region of no bytes standing for `owner` (one shared empty array). */
	allocHandle(owner: unknown): Region {
		return this.allocAt('map', EMPTY, undefined, 0, 0, false, owner);
	}

	/** A region over bytes[base, base + size) of a shared backing array (`view`: that array's, if made). */
	allocAt(kind: RegionKind, bytes: Uint8Array, view: DataView | undefined, base: number, size: number, writable = true, owner?: unknown): Region {
		const id = this.freeIds.pop() ?? this.nextId++;
		if (id >= MAX_REGIONS) throw new VmFault('out of memory regions');
		// Every field set, in one order: one hidden class for all regions.
		const region: Region = {id, kind, bytes, view, base: base | 0, size: size | 0, writable, pointerFields: undefined, owner, live: true};
		this.regions[id] = region;
		this.live++;
		return region;
	}

	free(region: Region): void {
		if (!region.live) return;
		region.live = false;
		this.regions[region.id] = undefined;
		this.live--;
		this.pendingFree.push(region.id);
	}

	/** Frees a region when the current run ends: until then a pointer to it still reads (the kernel's RCU). */
	retire(region: Region): void {
		if (region.live) this.retiring.push(region);
	}

	/** Frees what was retired and recycles the ids freed since the last call (call between runs). */
	settle(): void {
		while (this.retiring.length > 0) this.free(this.retiring.pop()!);
		while (this.pendingFree.length > 0) this.freeIds.push(this.pendingFree.pop()!);
	}

	/** Replaces a region's contents (per-run context and packet buffers reuse their regions; base 0). */
	reset(region: Region, bytes: Uint8Array, size = bytes.length): void {
		if (region.bytes !== bytes) {
			region.bytes = bytes;
			region.view = undefined;
		}

		// `| 0`: a size stored as a double once makes V8 box the field in every region (a heap
		// number per map value); sizes are small integers, so keep the field a Smi.
		region.size = size | 0;
	}

	get liveRegions(): number {
		return this.live;
	}

	static address(region: Region, offset = 0): number {
		return region.id * REGION_SPAN + offset;
	}

	/** The offset of the last resolved address (kept in a field: no allocation per access). */
	private offset = 0;

	/** Where at() found its bytes (an index into the array it returned). */
	lastOffset = 0;

	/**
	 * The backing bytes `size` bytes at `address` lie in (bounds-checked), without a copy or a view:
	 * they start at `lastOffset`. For helpers that read a key where it is.
	 */
	at(address: U64, size: number): Uint8Array {
		// Like bytesAt: nothing to read is never a fault.
		if (size === 0) {
			this.lastOffset = 0;
			return EMPTY;
		}

		const region = this.find(address, size);
		this.lastOffset = region.base + this.offset;
		return region.bytes;
	}

	/** The region an address points into, checking that `size` bytes fit; the offset (from the region's base) goes to this.offset. */
	private find(address: U64, size: number): Region {
		// Pointers are above 2^31, so `%` would be a floating-point fmod: subtract instead.
		const index = typeof address === 'number' ? Math.floor(address * PER_SPAN) : -1;
		const region = this.regions[index];
		if (region === undefined) throw new VmFault(`invalid memory access at 0x${address.toString(16)}`);
		const offset = (address as number) - index * REGION_SPAN;
		if (offset + size > region.size) {
			throw new VmFault(`invalid access to ${region.kind}: off=${offset} size=${size} (object is ${region.size} bytes)`);
		}

		this.offset = offset;
		return region;
	}

	/** The region and offset (from its base) an address points into, checking that `size` bytes fit. */
	resolve(address: U64, size: number): {region: Region; offset: number} {
		const region = this.find(address, size);
		return {region, offset: this.offset};
	}

	/** The region a pointer names exactly (offset 0), e.g. a map pointer or a ring buffer record. */
	regionAt(address: U64): Region | undefined {
		if (typeof address !== 'number' || address % REGION_SPAN !== 0) return undefined;
		return this.regions[address / REGION_SPAN];
	}

	load(address: U64, size: number): U64 {
		const region = this.find(address, size);
		const offset = this.offset;
		if (region.pointerFields !== undefined) {
			const pointer = region.pointerFields.get(offset);
			if (pointer !== undefined) return pointer;
		}

		const v = region.view ??= view(region.bytes);
		const at = region.base + offset;
		switch (size) {
			case 1: return v.getUint8(at);
			case 2: return v.getUint16(at, true);
			case 4: return v.getUint32(at, true);
			default: return fromHalves(v.getUint32(at + 4, true), v.getUint32(at, true));
		}
	}

	/** load(), but an address no live region holds reads as undefined instead of faulting (a PROBE_MEM load). */
	tryLoad(address: U64, size: number): U64 | undefined {
		const index = typeof address === 'number' ? Math.floor(address * PER_SPAN) : -1;
		const region = this.regions[index];
		if (region === undefined || (address as number) - index * REGION_SPAN + size > region.size) return undefined;
		return this.load(address, size);
	}

	store(address: U64, size: number, value: U64): void {
		const region = this.find(address, size);
		const offset = region.base + this.offset;
		if (!region.writable) throw new VmFault(`write into read-only ${region.kind}`);
		const v = region.view ??= view(region.bytes);
		if (typeof value === 'bigint') {
			if (size === 8) v.setBigUint64(offset, value, true);
			else this.storeNumber(v, offset, size, Number(value & 0xffff_ffffn));
			return;
		}

		// value is a safe integer ≥ 0; its halves without a floating-point fmod.
		const high = value < TWO32 ? 0 : Math.floor(value / TWO32);
		const low = value - high * TWO32;
		if (size === 8) {
			v.setUint32(offset, low, true);
			v.setUint32(offset + 4, high, true);
		} else {
			this.storeNumber(v, offset, size, low);
		}
	}

	private storeNumber(v: DataView, offset: number, size: number, low: number): void {
		if (size === 1) v.setUint8(offset, low & 0xff);
		else if (size === 2) v.setUint16(offset, low & 0xffff, true);
		else v.setUint32(offset, low, true);
	}

	/** `length` bytes at `address`, as a view (no copy): for helpers that only read them now. */
	bytesAt(address: U64, length: number): Uint8Array {
		if (length === 0) return new Uint8Array(0);
		const region = this.find(address, length);
		const at = region.base + this.offset;
		return region.bytes.subarray(at, at + length);
	}

	readBytes(address: U64, length: number): Uint8Array {
		if (length === 0) return new Uint8Array(0);
		const {region, offset} = this.resolve(address, length);
		const at = region.base + offset;
		return region.bytes.slice(at, at + length);
	}

	writeBytes(address: U64, data: Uint8Array): void {
		if (data.length === 0) return;
		const {region, offset} = this.resolve(address, data.length);
		if (!region.writable) throw new VmFault(`write into read-only ${region.kind}`);
		region.bytes.set(data, region.base + offset);
	}

	/** A NUL-terminated string of at most `max` bytes, stopping at the end of the region. */
	readCString(address: U64, max = 256): string {
		const {region, offset} = this.resolve(address, 1);
		const start = region.base + offset;
		let end = start;
		const limit = region.base + Math.min(region.size, offset + max);
		while (end < limit && region.bytes[end] !== 0) end++;
		return Buffer.from(region.bytes.subarray(start, end)).toString('latin1');
	}
}

/** A region's own bytes, as a view (tests, dumps; the VM indexes the backing array). */
export function regionBytes(region: Region): Uint8Array {
	return region.bytes.subarray(region.base, region.base + region.size);
}

function view(bytes: Uint8Array): DataView {
	return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
