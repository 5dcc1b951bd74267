// A map's entries through bpf(2), in process: BPF_MAP_LOOKUP_BATCH where the map type has it
// (hashes, LRU hashes, arrays, their per-CPU kinds), BPF_MAP_GET_NEXT_KEY + BPF_MAP_LOOKUP_ELEM
// otherwise, in bounded chunks with a turn for the event loop between them, so a million entries
// never freeze the screen. The map is opened read-only (BPF_F_RDONLY) and only looked up: nothing
// in the kernel changes (lookups from user space do not even mark LRU entries referenced).
// Its BTF comes from the kernel (BPF_BTF_GET_FD_BY_ID + BPF_OBJ_GET_INFO_BY_FD) and is parsed by
// the project's BTF code; format.ts prints values as bpftool's `formatted` would.
import {parseBtf, type RawBtf} from '../emulator/btf/parse.js';
import {mapBtf} from './btf-from-raw.js';
import type {MapBtf} from '../../btf/types.js';
import type {MapContents, MapReadOptions} from '../../snapshot/map-contents.js';
import {ContentsBuilder, perCpuTypes} from '../map-contents.js';
import type {NativeBlock, RawBpf} from './bpf-syscall.js';
import {mapHolders} from './map-holders.js';

/** enum bpf_cmd (linux/bpf.h). */
const BPF_MAP_LOOKUP_ELEM = 1;
const BPF_MAP_GET_NEXT_KEY = 4;
const BPF_MAP_GET_FD_BY_ID = 14;
const BPF_OBJ_GET_INFO_BY_FD = 15;
const BPF_BTF_GET_FD_BY_ID = 19;
const BPF_MAP_LOOKUP_BATCH = 24;
const BPF_F_RDONLY = 1 << 3;

/** enum bpf_map_type, by bpftool's names (index = the kernel's number). */
export const mapTypeNames = [
	'unspec', 'hash', 'array', 'prog_array', 'perf_event_array', 'percpu_hash', 'percpu_array', 'stack_trace', 'cgroup_array',
	'lru_hash', 'lru_percpu_hash', 'lpm_trie', 'array_of_maps', 'hash_of_maps', 'devmap', 'sockmap', 'cpumap', 'xskmap', 'sockhash',
	'cgroup_storage', 'reuseport_sockarray', 'percpu_cgroup_storage', 'queue', 'stack', 'sk_storage', 'devmap_hash', 'struct_ops',
	'ringbuf', 'inode_storage', 'task_storage', 'bloom_filter', 'user_ringbuf', 'cgrp_storage', 'arena',
];

/** The parts of struct bpf_map_info read here (offsets from linux/bpf.h; the struct only grows at the end). */
export type MapInfo = {
	readonly type: string;
	readonly id: number;
	readonly keySize: number;
	readonly valueSize: number;
	readonly maxEntries: number;
	readonly name: string;
	readonly btfId: number;
	readonly btfKeyTypeId: number;
	readonly btfValueTypeId: number;
	readonly btfVmlinuxValueTypeId: number;
};

const mapInfoLength = 80;
const btfInfoLength = 32;
/** Work between two turns of the event loop. */
const sliceMs = 8;
/** Bytes per batch chunk (keys and values); the entry count follows from the sizes. */
const chunkBytes = 2 * 1024 * 1024;

export type MapReaderDeps = {
	readonly bpf: RawBpf;
	/** Possible CPUs: per-CPU values come as one copy each. */
	readonly cpus: number;
	readonly now?: () => number;
	/** Gives the event loop a turn. */
	readonly yieldNow?: () => Promise<void>;
};

export type MapReader = (mapId: number, options: MapReadOptions) => Promise<MapContents>;

/** A map read that failed, with the errno name: the caller decides whether bpftool should try instead. */
export class MapReadError extends Error {
	constructor(
		message: string,
		readonly errno: string,
	) {
		super(message);
		this.name = 'MapReadError';
	}
}

export function mapReader(deps: MapReaderDeps): MapReader {
	const {bpf} = deps;
	const now = deps.now ?? (() => performance.now());
	const yieldNow = deps.yieldNow ?? (async () => new Promise<void>(resolve => setImmediate(resolve)));
	const attr = Buffer.alloc(64);
	// BTF objects never change once loaded: parsed once per id (a few, newest kept).
	const btfCache = new Map<number, RawBtf | undefined>();
	const typeCache = new Map<string, MapBtf>();
	const holderCache = new Map<number, ReturnType<typeof mapHolders>>();

	const fail = (what: string): MapReadError => {
		const failure = bpf.failure();
		return new MapReadError(`${what}: ${failure.message}`, failure.error);
	};

	function getInfo(fd: number, command: number, length: number, what: string): NativeBlock {
		const info = bpf.alloc(length);
		info.bytes.fill(0);
		attr.fill(0);
		attr.writeUInt32LE(fd, 0);
		attr.writeUInt32LE(length, 4);
		attr.writeBigUInt64LE(info.address, 8);
		if (bpf.call(BPF_OBJ_GET_INFO_BY_FD, attr, 16) < 0) {
			const error = fail(what);
			info.free();
			throw error;
		}

		return info;
	}

	function mapInfo(fd: number, mapId: number): MapInfo {
		const block = getInfo(fd, BPF_OBJ_GET_INFO_BY_FD, mapInfoLength, `map ${mapId}: get info`);
		try {
			const view = new DataView(block.bytes.buffer, block.bytes.byteOffset, mapInfoLength);
			const nameBytes = block.bytes.subarray(24, 40);
			const end = nameBytes.indexOf(0);
			const type = view.getUint32(0, true);
			return {
				type: mapTypeNames[type] ?? `type ${type}`,
				id: view.getUint32(4, true),
				keySize: view.getUint32(8, true),
				valueSize: view.getUint32(12, true),
				maxEntries: view.getUint32(16, true),
				name: Buffer.from(nameBytes.subarray(0, end < 0 ? 16 : end)).toString('latin1'),
				btfVmlinuxValueTypeId: view.getUint32(44, true),
				btfId: view.getUint32(64, true),
				btfKeyTypeId: view.getUint32(68, true),
				btfValueTypeId: view.getUint32(72, true),
			};
		} finally {
			block.free();
		}
	}

	function loadBtf(btfId: number): RawBtf | undefined {
		if (btfCache.has(btfId)) return btfCache.get(btfId);
		let raw: RawBtf | undefined;
		attr.fill(0);
		attr.writeUInt32LE(btfId, 0);
		const fd = bpf.call(BPF_BTF_GET_FD_BY_ID, attr, 12);
		if (fd >= 0) {
			try {
				const sizing = getInfo(fd, BPF_OBJ_GET_INFO_BY_FD, btfInfoLength, `btf ${btfId}`);
				const size = new DataView(sizing.bytes.buffer, sizing.bytes.byteOffset).getUint32(8, true);
				const kernelBtf = new DataView(sizing.bytes.buffer, sizing.bytes.byteOffset).getUint32(28, true);
				sizing.free();
				// Kernel and module BTF (split on vmlinux) is not what map values are declared in.
				if (kernelBtf === 0 && size > 0 && size < 64 * 1024 * 1024) {
					const blob = bpf.alloc(size);
					const info = bpf.alloc(btfInfoLength);
					try {
						info.bytes.fill(0);
						const view = new DataView(info.bytes.buffer, info.bytes.byteOffset, btfInfoLength);
						view.setBigUint64(0, blob.address, true);
						view.setUint32(8, size, true);
						attr.fill(0);
						attr.writeUInt32LE(fd, 0);
						attr.writeUInt32LE(btfInfoLength, 4);
						attr.writeBigUInt64LE(info.address, 8);
						if (bpf.call(BPF_OBJ_GET_INFO_BY_FD, attr, 16) >= 0) raw = parseBtf(`btf ${btfId}`, blob.bytes.slice(0, size));
					} finally {
						blob.free();
						info.free();
					}
				}
			} catch {
				// Unreadable or malformed BTF: the values show as bytes, as without BTF.
				raw = undefined;
			} finally {
				bpf.close(fd);
			}
		}

		if (btfCache.size >= 8) btfCache.delete(btfCache.keys().next().value!);
		btfCache.set(btfId, raw);
		return raw;
	}

	function typesOf(info: MapInfo): MapBtf | undefined {
		// struct_ops values are described in vmlinux's BTF; bpftool loads all of it for them, we do not.
		if (info.btfId === 0 || info.btfValueTypeId === 0 || info.btfVmlinuxValueTypeId !== 0) return undefined;
		const key = `${info.btfId}:${info.btfKeyTypeId}:${info.btfValueTypeId}`;
		let types = typeCache.get(key);
		if (!types) {
			const raw = loadBtf(info.btfId);
			if (!raw) return undefined;
			types = mapBtf(raw, info.btfKeyTypeId, info.btfValueTypeId);
			if (typeCache.size >= 64) typeCache.delete(typeCache.keys().next().value!);
			typeCache.set(key, types);
		}

		return types;
	}

	return async (mapId, options) => {
		attr.fill(0);
		attr.writeUInt32LE(mapId, 0);
		attr.writeUInt32LE(BPF_F_RDONLY, 8); // open_flags
		const fd = bpf.call(BPF_MAP_GET_FD_BY_ID, attr, 12);
		if (fd < 0) throw fail(`map ${mapId}`);
		try {
			const info = mapInfo(fd, mapId);
			const perCpu = perCpuTypes.has(info.type);
			const cpus = perCpu ? deps.cpus : 1;
			const cpuStride = perCpu ? Math.ceil(info.valueSize / 8) * 8 : info.valueSize;
			// An array holds every slot: its size is known. A hash holds about what it held last time.
			const isArray = info.type === 'array' || info.type === 'percpu_array';
			const total = isArray ? Math.min(info.maxEntries, options.limit) : options.expected;
			const builder = new ContentsBuilder(info.keySize, info.valueSize, cpus, cpuStride, Math.min(info.maxEntries, options.limit, total ?? 1024) + 1);
			const btf = typesOf(info);
			let sliceStart = now();
			const pause = async () => {
				if (now() - sliceStart < sliceMs) return;
				options.onProgress?.({mapId, read: builder.count, ...(total === undefined ? {} : {total})});
				await yieldNow();
				options.signal?.throwIfAborted();
				sliceStart = now();
			};

			if (info.keySize === 0) throw new MapReadError(`map ${mapId}: a ${info.type} has no keys to list`, 'EINVAL');
			const batched = await readBatched(fd, info, builder, options.limit, pause);
			const complete = batched ?? (await readByKey(fd, info, builder, options.limit, pause));
			const valueIs = info.type === 'prog_array' ? 'prog-id' : info.type.endsWith('of_maps') ? 'map-id' : undefined;
			// bpftrace's maps (AT_name): the holder's script says which ones are histograms.
			const holders = info.name.startsWith('AT_') ? holderCache.get(mapId) ?? mapHolders(mapId) : undefined;
			if (holders) holderCache.set(mapId, holders);
			return builder.finish({
				mapId,
				via: batched === undefined ? 'bpf(2)' : 'bpf(2) batch',
				...(valueIs ? {valueIs} : {}),
				...(btf ? {btf} : {}),
				...(holders && holders.length > 0 ? {holders} : {}),
				...(complete ? {} : {truncated: true}),
			});
		} finally {
			bpf.close(fd);
		}
	};

	/**
	 * Reads with BPF_MAP_LOOKUP_BATCH; true when the whole map was read, false when it stopped at the
	 * limit, undefined when the map type has no batch lookup (the caller walks the keys instead).
	 */
	async function readBatched(fd: number, info: MapInfo, builder: ContentsBuilder, limit: number, pause: () => Promise<void>): Promise<boolean | undefined> {
		let chunk = Math.max(64, Math.min(16_384, Math.floor(chunkBytes / Math.max(1, info.keySize + builder.stride))));
		// The batch token: a bucket number for hashes, a key for arrays.
		const tokenSize = Math.max(8, info.keySize);
		const inBatch = bpf.alloc(tokenSize);
		const outBatch = bpf.alloc(tokenSize);
		let keys = bpf.alloc(chunk * info.keySize);
		let values = bpf.alloc(chunk * builder.stride);
		try {
			let first = true;
			for (;;) {
				attr.fill(0);
				attr.writeBigUInt64LE(first ? 0n : inBatch.address, 0);
				attr.writeBigUInt64LE(outBatch.address, 8);
				attr.writeBigUInt64LE(keys.address, 16);
				attr.writeBigUInt64LE(values.address, 24);
				attr.writeUInt32LE(chunk, 32);
				attr.writeUInt32LE(fd, 36);
				const result = bpf.call(BPF_MAP_LOOKUP_BATCH, attr, 56);
				const failure = result < 0 ? bpf.failure() : undefined;
				// The kernel says how many it read on success and at the end (ENOENT); after other
				// failures the count may still be ours.
				const read = !failure || failure.error === 'ENOENT' ? attr.readUInt32LE(32) : 0;
				// No batch lookup for this map type (the kernel refuses before reading anything).
				if (failure && first && ['EINVAL', 'EOPNOTSUPP', 'errno 524', 'ENOTSUP'].includes(failure.error)) return undefined;
				// A hash bucket holds more entries than the chunk: nothing was read; the same call with more room.
				if (failure?.error === 'ENOSPC' && chunk < 1 << 20) {
					chunk *= 2;
					keys.free();
					values.free();
					keys = bpf.alloc(chunk * info.keySize);
					values = bpf.alloc(chunk * builder.stride);
					continue;
				}

				if (failure && failure.error !== 'ENOENT') throw new MapReadError(`map ${info.id}: batch lookup: ${failure.message}`, failure.error);
				builder.addBlock(keys.bytes, values.bytes, Math.min(read, limit - builder.count));
				// ENOENT: that was the last chunk.
				if (failure) return true;
				if (builder.count >= limit) return false;
				inBatch.bytes.set(outBatch.bytes);
				first = false;
				await pause();
			}
		} finally {
			for (const block of [inBatch, outBatch, keys, values]) block.free();
		}
	}

	/** Walks the keys one by one (GET_NEXT_KEY) and looks each up; true when the walk ended by itself. */
	async function readByKey(fd: number, info: MapInfo, builder: ContentsBuilder, limit: number, pause: () => Promise<void>): Promise<boolean> {
		const key = bpf.alloc(info.keySize);
		const next = bpf.alloc(info.keySize);
		const value = bpf.alloc(builder.stride);
		// A key deleted under the walk restarts it from the first key: bounded, as bpftool is not.
		const maxSteps = info.maxEntries * 2 + 16;
		// ... and a restarted walk meets keys again: each is kept once.
		const seen = new Set<string>();
		try {
			for (let steps = 0; steps < maxSteps; steps++) {
				attr.fill(0);
				attr.writeUInt32LE(fd, 0);
				attr.writeBigUInt64LE(steps === 0 ? 0n : key.address, 8);
				attr.writeBigUInt64LE(next.address, 16);
				if (bpf.call(BPF_MAP_GET_NEXT_KEY, attr, 24) < 0) {
					const failure = bpf.failure();
					if (failure.error === 'ENOENT') return true;
					throw new MapReadError(`map ${info.id}: next key: ${failure.message}`, failure.error);
				}

				const name = Buffer.from(next.bytes.buffer, next.bytes.byteOffset, info.keySize).toString('latin1');
				key.bytes.set(next.bytes);
				if (seen.has(name)) continue;
				seen.add(name);
				if (builder.count >= limit) return false;
				attr.fill(0);
				attr.writeUInt32LE(fd, 0);
				attr.writeBigUInt64LE(next.address, 8);
				attr.writeBigUInt64LE(value.address, 16);
				if (bpf.call(BPF_MAP_LOOKUP_ELEM, attr, 32) < 0) {
					const failure = bpf.failure();
					// A key that vanished meanwhile, or an empty prog_array / map-in-map slot: bpftool skips those too.
					if (failure.error !== 'ENOENT') builder.add(next.bytes, undefined, failure.message);
				} else builder.add(next.bytes, value.bytes);
				if ((steps & 255) === 255) await pause();
			}

			return true;
		} finally {
			for (const block of [key, next, value]) block.free();
		}
	}
}

/** Possible CPUs, as libbpf counts them for per-CPU values (/sys/devices/system/cpu/possible: "0-3,8"). */
export function possibleCpus(text: string): number {
	let count = 0;
	for (const range of text.trim().split(',')) {
		const [low, high] = range.split('-').map(Number);
		if (low === undefined || Number.isNaN(low)) continue;
		count = Math.max(count, (high ?? low) + 1);
	}

	return Math.max(1, count);
}
