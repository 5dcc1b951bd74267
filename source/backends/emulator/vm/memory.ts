// The VM's memory: a tagged-pointer model. Every object a program can point at (a stack frame, the
// context, a map value, a packet, a ring buffer record) is a region; a pointer is
// BASE + (region id << 24) + offset, so pointer arithmetic is plain 64-bit arithmetic and every
// access is bounds-checked against the region it lands in.

export class VmFault extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'VmFault';
	}
}

export type RegionKind = 'stack' | 'ctx' | 'packet' | 'map_value' | 'map' | 'ringbuf_record';

export type Region = {
	readonly id: number;
	readonly kind: RegionKind;
	bytes: Uint8Array;
	view: DataView;
	/** Accessible bytes from offset 0 (at most bytes.length; per-run buffers reuse a larger array). */
	size: number;
	writable: boolean;
	/** Context fields that read as pointers (xdp_md.data …): offset → value, consulted on loads. */
	pointerFields?: Map<number, bigint>;
	/** What a 'map' region stands for (a map pointer from ld_imm64), or a value's owning map. */
	owner?: unknown;
	live: boolean;
};

const BASE = 0xffff_8000_0000_0000n;
const OFFSET_BITS = 24n;
const OFFSET_MASK = (1n << OFFSET_BITS) - 1n;
const MAX_REGIONS = 1 << 24;
const BASE_HIGH = Number(BASE >> OFFSET_BITS);

export class Memory {
	private readonly regions = new Map<number, Region>();
	private nextId = 1;
	private readonly freeIds: number[] = [];
	/** Freed during a run: recycled only when the run ends, so a stale pointer never aliases. */
	private readonly pendingFree: number[] = [];

	alloc(kind: RegionKind, bytes: Uint8Array, writable = true, owner?: unknown): Region {
		const id = this.freeIds.pop() ?? this.nextId++;
		if (id >= MAX_REGIONS) throw new VmFault('out of memory regions');
		const region: Region = {id, kind, bytes, view: view(bytes), size: bytes.length, writable, live: true, owner};
		this.regions.set(id, region);
		return region;
	}

	free(region: Region): void {
		if (!region.live) return;
		region.live = false;
		this.regions.delete(region.id);
		this.pendingFree.push(region.id);
	}

	/** Recycles the ids freed since the last call (call between runs). */
	settle(): void {
		while (this.pendingFree.length > 0) this.freeIds.push(this.pendingFree.pop()!);
	}

	/** Replaces a region's contents (per-run context and packet buffers reuse their regions). */
	reset(region: Region, bytes: Uint8Array, size = bytes.length): void {
		if (region.bytes !== bytes) {
			region.bytes = bytes;
			region.view = view(bytes);
		}

		region.size = size;
	}

	get liveRegions(): number {
		return this.regions.size;
	}

	static address(region: Region, offset = 0): bigint {
		return BASE + (BigInt(region.id) << OFFSET_BITS) + BigInt(offset);
	}

	/** The region and offset an address points into, checking that `size` bytes fit. */
	resolve(address: bigint, size: number): {region: Region; offset: number} {
		// Two BigInt operations per access: this is the interpreter's hottest path.
		const id = Number(address >> OFFSET_BITS) - BASE_HIGH;
		const region = id > 0 && id < MAX_REGIONS ? this.regions.get(id) : undefined;
		if (region === undefined) throw new VmFault(`invalid memory access at 0x${address.toString(16)}`);
		const offset = Number(address & OFFSET_MASK);
		if (offset + size > region.size) {
			throw new VmFault(`invalid access to ${region.kind}: off=${offset} size=${size} (object is ${region.size} bytes)`);
		}
		return {region, offset};
	}

	/** The region a pointer names exactly (offset 0), e.g. a map pointer or a ring buffer record. */
	regionAt(address: bigint): Region | undefined {
		const rel = address - BASE;
		if (rel < 0n || rel >= 1n << 48n || (rel & OFFSET_MASK) !== 0n) return undefined;
		return this.regions.get(Number(rel >> OFFSET_BITS));
	}

	load(address: bigint, size: number): bigint {
		const {region, offset} = this.resolve(address, size);
		const pointer = region.pointerFields?.get(offset);
		if (pointer !== undefined) return pointer;
		const v = region.view;
		switch (size) {
			case 1: return BigInt(v.getUint8(offset));
			case 2: return BigInt(v.getUint16(offset, true));
			case 4: return BigInt(v.getUint32(offset, true));
			default: return v.getBigUint64(offset, true);
		}
	}

	store(address: bigint, size: number, value: bigint): void {
		const {region, offset} = this.resolve(address, size);
		if (!region.writable) throw new VmFault(`write into read-only ${region.kind}`);
		const v = region.view;
		switch (size) {
			case 1: v.setUint8(offset, Number(value & 0xffn)); break;
			case 2: v.setUint16(offset, Number(value & 0xffffn), true); break;
			case 4: v.setUint32(offset, Number(value & 0xffff_ffffn), true); break;
			default: v.setBigUint64(offset, BigInt.asUintN(64, value), true);
		}
	}

	readBytes(address: bigint, length: number): Uint8Array {
		if (length === 0) return new Uint8Array(0);
		const {region, offset} = this.resolve(address, length);
		return region.bytes.slice(offset, offset + length);
	}

	writeBytes(address: bigint, data: Uint8Array): void {
		if (data.length === 0) return;
		const {region, offset} = this.resolve(address, data.length);
		if (!region.writable) throw new VmFault(`write into read-only ${region.kind}`);
		region.bytes.set(data, offset);
	}

	/** A NUL-terminated string of at most `max` bytes, stopping at the end of the region. */
	readCString(address: bigint, max = 256): string {
		const {region, offset} = this.resolve(address, 1);
		let end = offset;
		const limit = Math.min(region.size, offset + max);
		while (end < limit && region.bytes[end] !== 0) end++;
		return Buffer.from(region.bytes.subarray(offset, end)).toString('latin1');
	}
}

function view(bytes: Uint8Array): DataView {
	return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
