// Reads the kernel's trace pipe (where bpf_printk writes) in process: an fd opened O_NONBLOCK and a
// read loop, so no child process can outlive us — the fd closes with the process, even on SIGKILL.
// Reading consumes the pipe, so it is opened only while a view needs it. Lines wait in a bounded
// buffer until take(); when the UI falls behind, the oldest are dropped and counted.
import {constants, existsSync, readFileSync} from 'node:fs';
import {dirname} from 'node:path';
import {open, type FileHandle} from 'node:fs/promises';
import type {TraceSource} from '../backend.js';
import type {TraceChunk} from '../../snapshot/snapshot.js';
import {createLineBuffer} from '../line-buffer.js';

/** Where tracefs lives: its own mount, or under debugfs on older systems. */
export const tracefsRoots = ['/sys/kernel/tracing', '/sys/kernel/debug/tracing'] as const;

export const mountHint = 'mount it with: mount -t tracefs nodev /sys/kernel/tracing';

export type TracePipeOptions = {
	/** Directories to look for trace_pipe in, in order. */
	readonly roots?: readonly string[];
	/** A file to read instead of searching the roots (tests: a FIFO). */
	readonly path?: string;
	/** Most lines kept between two take() calls; beyond that the oldest are dropped. */
	readonly maxLines?: number;
	/** Bytes asked for per read (the kernel answers a page or two at a time). */
	readonly chunkBytes?: number;
	/** How long to wait before reading again once the pipe is empty. */
	readonly idleMs?: number;
	/** A line longer than this is cut (a line with no newline must not grow without bound). */
	readonly maxLineChars?: number;
};

/** The trace_pipe to read, or what to do when there is none. */
export function findTracePipe(roots: readonly string[] = tracefsRoots): {path: string} | {error: string} {
	for (const root of roots) {
		const path = `${root}/trace_pipe`;
		if (existsSync(path)) return {path};
	}

	return {error: `tracefs is not mounted (no trace_pipe in ${roots.join(' or ')}): ${mountHint}`};
}

export function openTracePipe(options: TracePipeOptions = {}): TraceSource {
	const maxLines = options.maxLines ?? 20_000;
	const chunkBytes = options.chunkBytes ?? 64 * 1024;
	const idleMs = options.idleMs ?? 50;
	const maxLineChars = options.maxLineChars ?? 16 * 1024;
	const found = options.path === undefined ? findTracePipe(options.roots) : {path: options.path};
	if ('error' in found) return failedSource(found.error);
	const {path} = found;
	const notice = tracingOffNotice(dirname(path));

	const lines = createLineBuffer(maxLines, maxLineChars);
	let error: string | undefined;
	let closed = false;
	let wake: (() => void) | undefined;

	function sleep(ms: number): Promise<void> {
		return new Promise(resolve => {
			const timer = setTimeout(done, ms);
			// The reader alone must not keep the process alive.
			timer.unref();
			function done() {
				clearTimeout(timer);
				wake = undefined;
				resolve();
			}

			wake = done;
		});
	}

	async function pump(handle: FileHandle) {
		const bytes = Buffer.alloc(chunkBytes);
		while (!closed) {
			let idle = false;
			try {
				const {bytesRead} = await handle.read(bytes, 0, chunkBytes, null);
				if (bytesRead > 0) lines.feed(bytes.subarray(0, bytesRead));
				else idle = true;
			} catch (caught) {
				if ((caught as NodeJS.ErrnoException).code !== 'EAGAIN') {
					if (!closed) error = `reading ${path} failed: ${(caught as Error).message}`;
					return;
				}

				idle = true;
			}

			// Each read already yields to the event loop; an empty pipe is polled, not spun on.
			if (idle && !closed) await sleep(idleMs);
		}
	}

	const running = (async () => {
		let handle: FileHandle;
		try {
			handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
		} catch (caught) {
			error = openError(path, caught as NodeJS.ErrnoException);
			return;
		}

		try {
			if (!closed) await pump(handle);
		} finally {
			await handle.close().catch(() => {});
		}
	})();

	return {
		take(): TraceChunk {
			return {...lines.take(), ...(error === undefined ? {} : {error}), ...(notice === undefined ? {} : {notice})};
		},
		async close() {
			closed = true;
			wake?.();
			await running;
		},
	};
}

/** With tracing_on at 0 the kernel records nothing: say so rather than wait in silence (never switch it). */
function tracingOffNotice(root: string): string | undefined {
	try {
		if (readFileSync(`${root}/tracing_on`, 'utf8').trim() === '0') {
			return `tracing is off (${root}/tracing_on is 0): bpf_printk lines are not recorded; echo 1 > ${root}/tracing_on turns it on`;
		}
	} catch {}

	return undefined;
}

function openError(path: string, error: NodeJS.ErrnoException): string {
	switch (error.code) {
		case 'ENOENT':
			return `${path} does not exist: ${mountHint}`;
		case 'EACCES':
		case 'EPERM':
			return `cannot read ${path}: permission denied (run as root)`;
		case 'EBUSY':
			return `${path} is busy: another program is reading the trace pipe`;
		default:
			return `cannot open ${path}: ${error.message}`;
	}
}

function failedSource(error: string): TraceSource {
	return {take: () => ({lines: [], dropped: 0, error}), close: async () => {}};
}
