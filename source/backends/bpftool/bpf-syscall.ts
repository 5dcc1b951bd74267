// The few bpf(2) commands the listing cache needs, called in process through koffi: walking the
// program and map ids, and reading one program's run counters. Each costs a few microseconds, where
// a `bpftool prog show` child costs ~10 ms of CPU at 100 programs. Nothing here throws: a failure
// (no permission, an old kernel, no koffi) is returned, and the caller asks bpftool instead.
import {closeSync, readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {constants} from 'node:os';

/** A failed call, with the errno name where there is one ("ENOENT": the object vanished). */
export type SyscallFailure = {readonly error: string};

/** What `prog show` prints that changes while the program stays loaded, read from bpf_prog_info. */
export type ProgramCounters = {
	readonly id: number;
	readonly runTimeNs: number;
	readonly runCnt: number;
	readonly recursionMisses: number;
	/** nr_map_ids: BPF_PROG_BIND_MAP can add a map to a program after it was loaded. */
	readonly mapCount: number;
};

export type BpfSyscalls = {
	/** Every program id, ascending (BPF_PROG_GET_NEXT_ID until ENOENT). */
	progIds(): readonly number[] | SyscallFailure;
	/** Every map id, ascending (BPF_MAP_GET_NEXT_ID until ENOENT). */
	mapIds(): readonly number[] | SyscallFailure;
	/** Opens the program by id, reads its bpf_prog_info and closes it again. */
	progCounters(id: number): ProgramCounters | SyscallFailure;
	/** Opens the map by id and reads /proc/self/fdinfo for it (memlock, frozen, owner_prog_type …): what bpftool reads. */
	mapFdinfo(id: number): ReadonlyMap<string, string> | SyscallFailure;
};

/** bpf(2) syscall numbers, as in runtime-stats.ts. */
const bpfSyscall: Record<string, number> = {x64: 321, arm64: 280, riscv64: 280, loong64: 280};

/** enum bpf_cmd (linux/bpf.h). */
const BPF_PROG_GET_NEXT_ID = 11;
const BPF_MAP_GET_NEXT_ID = 12;
const BPF_PROG_GET_FD_BY_ID = 13;
const BPF_MAP_GET_FD_BY_ID = 14;
const BPF_OBJ_GET_INFO_BY_FD = 15;

/**
 * Offsets in struct bpf_prog_info (linux/bpf.h; the struct only ever grows at the end, so they hold
 * on every kernel that has the fields, checked with offsetof against the 6.1 header here).
 */
const info = {id: 4, nrMapIds: 52, runTimeNs: 192, runCnt: 200, recursionMisses: 208} as const;
/**
 * We ask for the struct up to recursion_misses only. The kernel fills min(our length, its length)
 * and copies none of the arrays the pointers name, because every pointer and count we pass is 0.
 */
const progInfoLength = 216;

type Syscall = (number: number, command: number, attr: Buffer, size: number) => number | bigint;

/** Native memory that does not move (the kernel reads and writes it through addresses in bpf_attr). */
export type NativeBlock = {readonly address: bigint; readonly bytes: Uint8Array; free(): void};

type Native = {
	readonly number: number;
	readonly call: Syscall;
	readonly errno: () => number;
	readonly strerror: (errno: number) => string;
	readonly alloc: (size: number) => NativeBlock;
	/** Memory koffi allocated, which does not move: the kernel writes bpf_prog_info there. */
	readonly infoAddress: bigint;
	readonly infoBytes: Uint8Array;
	readonly infoView: DataView;
};

let native: Native | SyscallFailure | undefined;

/** The bpf(2) calls, or why they cannot be made here. Loaded once per process. */
export function bpfSyscalls(): BpfSyscalls | SyscallFailure {
	native ??= loadNative();
	if ('error' in native) return native;
	return syscallsOver(native);
}

/** bpf(2) itself, for callers that lay out their own bpf_attr (map reads: map-read.ts). */
export type RawBpf = {
	/** The syscall's result: an fd or 0, or -1 with errno set. `attr` is read and written in place. */
	call(command: number, attr: Buffer, size: number): number;
	/** The last call's errno, as a name ("ENOENT") and as glibc's words ("No such file or directory"). */
	failure(): {readonly errno: number; readonly error: string; readonly message: string};
	alloc(size: number): NativeBlock;
	close(fd: number): void;
};

export function rawBpf(): RawBpf | SyscallFailure {
	native ??= loadNative();
	if ('error' in native) return native;
	const loaded = native;
	return {
		call: (command, attr, size) => Number(loaded.call(loaded.number, command, attr, size)),
		failure() {
			const errno = loaded.errno();
			return {errno, error: errnoNames.get(errno) ?? `errno ${errno}`, message: loaded.strerror(errno)};
		},
		alloc: loaded.alloc,
		close: closeQuietly,
	};
}

function loadNative(): Native | SyscallFailure {
	const number = bpfSyscall[process.arch];
	if (number === undefined || process.platform !== 'linux') return {error: `bpf(2) unsupported on ${process.platform}/${process.arch}`};
	try {
		const require = createRequire(import.meta.url);
		const koffi = require('koffi') as typeof import('koffi');
		const libc = koffi.load('libc.so.6');
		// The attr is passed as a Buffer (koffi hands the kernel a pointer to its bytes for the call).
		const call = libc.func('long syscall(long, int, uint8_t *, uint32_t)') as Syscall;
		// bpf_attr holds the info buffer's address as a u64, so that buffer must not move between
		// taking its address and the call: koffi.alloc memory is outside the JS heap. Kept for the
		// life of the process (one small block).
		const alloc = (size: number): NativeBlock => {
			const block: unknown = koffi.alloc('uint8_t', Math.max(1, size));
			return {address: koffi.address(block), bytes: new Uint8Array(koffi.view(block, Math.max(1, size))), free: () => koffi.free(block)};
		};
		const info = alloc(progInfoLength);
		// glibc's words for an errno, as bpftool prints them ("Unknown error 524").
		const strerror = libc.func('const char *strerror(int)') as (errno: number) => string;
		return {number, call, errno: () => koffi.errno(), strerror, alloc, infoAddress: info.address, infoBytes: info.bytes, infoView: new DataView(info.bytes.buffer, info.bytes.byteOffset, info.bytes.byteLength)};
	} catch (error) {
		return {error: `bpf(2) through koffi unavailable (${(error as Error).message})`};
	}
}

const errnoNames = new Map(Object.entries(constants.errno).map(([name, value]) => [value, name]));

function syscallsOver(native: Native): BpfSyscalls {
	// One attr buffer for every call: calls are synchronous, so they never overlap.
	const attr = Buffer.alloc(16);
	const failure = (): SyscallFailure => {
		const errno = native.errno();
		return {error: errnoNames.get(errno) ?? `errno ${errno}`};
	};

	const bpf = (command: number, size: number): number => Number(native.call(native.number, command, attr, size));

	function walk(command: number): readonly number[] | SyscallFailure {
		const ids: number[] = [];
		let id = 0;
		for (;;) {
			attr.fill(0);
			attr.writeUInt32LE(id, 0); // start_id
			if (bpf(command, 12) < 0) {
				const failed = failure();
				return failed.error === 'ENOENT' ? ids : failed;
			}

			const next = attr.readUInt32LE(4); // next_id
			// The kernel answers a strictly greater id; anything else would loop forever.
			if (next <= id) return {error: `GET_NEXT_ID went from ${id} to ${next}`};
			ids.push(next);
			id = next;
		}
	}

	function openById(command: number, id: number): number | SyscallFailure {
		attr.fill(0);
		attr.writeUInt32LE(id, 0); // prog_id / map_id
		const fd = bpf(command, 12);
		return fd < 0 ? failure() : fd;
	}

	return {
		progIds: () => walk(BPF_PROG_GET_NEXT_ID),
		mapIds: () => walk(BPF_MAP_GET_NEXT_ID),
		progCounters(id) {
			const fd = openById(BPF_PROG_GET_FD_BY_ID, id);
			if (typeof fd !== 'number') return fd;
			try {
				const view = native.infoView;
				native.infoBytes.fill(0);
				attr.fill(0);
				attr.writeUInt32LE(fd, 0); // info.bpf_fd
				attr.writeUInt32LE(progInfoLength, 4); // info.info_len
				attr.writeBigUInt64LE(native.infoAddress, 8); // info.info
				if (bpf(BPF_OBJ_GET_INFO_BY_FD, 16) < 0) return failure();
				// A kernel older than recursion_misses (5.12) fills less: then we do not know the counters.
				if (attr.readUInt32LE(4) < progInfoLength) return {error: `bpf_prog_info is only ${attr.readUInt32LE(4)} bytes here`};
				return {
					id: view.getUint32(info.id, true),
					// JSON.parse of bpftool's digits rounds past 2^53 the same way Number() does.
					runTimeNs: Number(view.getBigUint64(info.runTimeNs, true)),
					runCnt: Number(view.getBigUint64(info.runCnt, true)),
					recursionMisses: Number(view.getBigUint64(info.recursionMisses, true)),
					mapCount: view.getUint32(info.nrMapIds, true),
				};
			} finally {
				closeQuietly(fd);
			}
		},
		mapFdinfo(id) {
			const fd = openById(BPF_MAP_GET_FD_BY_ID, id);
			if (typeof fd !== 'number') return fd;
			try {
				return parseFdinfo(readFileSync(`/proc/self/fdinfo/${fd}`, 'latin1'));
			} catch (error) {
				return {error: (error as NodeJS.ErrnoException).code ?? (error as Error).message};
			} finally {
				closeQuietly(fd);
			}
		},
	};
}

/** Every fd we open is closed at once; a failing close (it cannot, for an fd we own) must not throw. */
function closeQuietly(fd: number): void {
	try {
		closeSync(fd);
	} catch {}
}

/** `key:\tvalue` lines, as the kernel writes /proc/PID/fdinfo/FD. */
export function parseFdinfo(text: string): ReadonlyMap<string, string> {
	const fields = new Map<string, string>();
	for (const line of text.split('\n')) {
		const colon = line.indexOf(':');
		if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
	}

	return fields;
}
