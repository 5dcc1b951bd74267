// Reads the kernel's trace pipe (where bpf_printk writes) in process: an fd opened O_NONBLOCK and
// read by a thread of ours (trace-pipe-worker.ts), so no child process can outlive us — the fd closes
// with the process, even on SIGKILL. Reading consumes the pipe, so it is opened only while a view
// needs it.
//
// Floods: the kernel hands out at most a page per read(2) (~40 lines) and its per-CPU buffer can be
// tiny, so the reading thread goes back to the pipe at once and hands over raw bytes. Here only the
// newest `maxLines` lines are ever turned into strings, when taken; the others are counted (and
// searched for the kernel's `[LOST n EVENTS]`) in the bytes.
import {closeSync, constants, existsSync, openSync, readFileSync} from 'node:fs';
import {dirname} from 'node:path';
import {MessageChannel, Worker} from 'node:worker_threads';
import type {TraceSource} from '../backend.js';
import type {TraceChunk} from '../../snapshot/snapshot.js';
import {traceWorkerSource} from './trace-pipe-worker.js';

/** Where tracefs lives: its own mount, or under debugfs on older systems. */
export const tracefsRoots = ['/sys/kernel/tracing', '/sys/kernel/debug/tracing'] as const;

export const mountHint = 'mount it with: mount -t tracefs nodev /sys/kernel/tracing';

export type TracePipeOptions = {
	/** Directories to look for trace_pipe in, in order. */
	readonly roots?: readonly string[];
	/** A file to read instead of searching the roots (tests: a FIFO). */
	readonly path?: string;
	/** Most lines kept between two take() calls (the trace log's 10,000); older ones are counted, not kept. */
	readonly maxLines?: number;
	/** Size of each buffer the reading thread fills and hands over (a few are reused). */
	readonly bufferBytes?: number;
	/** Most bytes asked for per read (tests split lines across reads with a tiny one). */
	readonly readBytes?: number;
	/** Ignored: the reading thread waits 0.25 ms when the pipe is empty (10 ms after a quiet spell). */
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
	const maxLines = options.maxLines ?? 10_000;
	const bufferBytes = options.bufferBytes ?? 1024 * 1024;
	const found = options.path === undefined ? findTracePipe(options.roots) : {path: options.path};
	if ('error' in found) return failedSource(found.error);
	const {path} = found;
	const notice = tracingOffNotice(dirname(path));

	let fd: number;
	try {
		fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
	} catch (caught) {
		return failedSource(openError(path, caught as NodeJS.ErrnoException));
	}

	// A line is cut well before it fills the buffer, or reading would stop at a full one.
	const maxLineChars = Math.min(options.maxLineChars ?? 16 * 1024, Math.floor(bufferBytes / 2));
	const stop = new SharedArrayBuffer(4);
	// Buffers the reading thread handed over go back to it once counted or decoded.
	const {port1: returning, port2: returned} = new MessageChannel();
	const pending = pendingLines(maxLines, chunk => {
		if (chunk.buffer instanceof ArrayBuffer) returning.postMessage(chunk.buffer, [chunk.buffer]);
	});
	let error: string | undefined;
	const worker = new Worker(traceWorkerSource, {
		eval: true,
		workerData: {fd, stop, returned, bufferBytes, readBytes: options.readBytes ?? bufferBytes, maxLineChars},
		transferList: [returned],
	});
	// The reader alone must not keep the process alive.
	worker.unref();
	worker.on('message', (message: {buffer?: ArrayBuffer; length?: number; error?: string}) => {
		if (message.error !== undefined) error = `reading ${path} failed: ${message.error}`;
		if (message.buffer) pending.add(new Uint8Array(message.buffer, 0, message.length));
	});
	worker.on('error', caught => {
		error = `reading ${path} failed: ${caught.message}`;
	});
	const exited = new Promise<void>(resolve => worker.once('exit', () => resolve()));
	let closing: Promise<void> | undefined;

	return {
		take(): TraceChunk {
			const {lines, skipped, lost} = pending.take();
			return {
				lines,
				dropped: lost,
				...(skipped > 0 ? {skipped} : {}),
				...(error === undefined ? {} : {error}),
				...(notice === undefined ? {} : {notice}),
			};
		},
		close() {
			closing ??= (async () => {
				// The thread sees the flag within 10 ms, hands over what it has, and ends; then the fd goes.
				Atomics.store(new Int32Array(stop), 0, 1);
				Atomics.notify(new Int32Array(stop), 0);
				// Until it has ended, it must keep the process alive (its last lines, then the fd).
				worker.ref();
				await exited;
				returning.close();
				try {
					closeSync(fd);
				} catch {}
			})();
			return closing;
		},
	};
}

const newline = 10;
const lostMark = Buffer.from('[LOST ');

/**
 * Whole lines as bytes, newest last, holding at least the newest `maxLines`: a chunk goes, counted,
 * once the chunks after it hold that many. take() decodes the newest `maxLines` lines. `done` gets
 * each chunk once nothing here reads it any more.
 */
export function pendingLines(maxLines: number, done: (chunk: Uint8Array) => void = () => {}) {
	let chunks: Buffer[] = [];
	let counts: number[] = [];
	let lines = 0;
	let skipped = 0;
	let lost = 0;
	/** Lines read, not kept: counted, and their `[LOST n EVENTS]` found. */
	const countOnly = (bytes: Buffer, count: number) => {
		skipped += count;
		lost += lostIn(bytes);
	};

	return {
		add(bytes: Uint8Array): void {
			const chunk = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
			const count = countLines(chunk);
			chunks.push(chunk);
			counts.push(count);
			lines += count;
			let first = 0;
			while (lines - counts[first]! >= maxLines) {
				countOnly(chunks[first]!, counts[first]!);
				done(chunks[first]!);
				lines -= counts[first]!;
				first++;
			}

			if (first > 0) {
				chunks = chunks.slice(first);
				counts = counts.slice(first);
			}
		},
		take(): {lines: string[]; skipped: number; lost: number} {
			const text: string[] = [];
			let over = lines - maxLines;
			for (const [index, chunk] of chunks.entries()) {
				let start = 0;
				if (over >= counts[index]!) {
					over -= counts[index]!;
					countOnly(chunk, counts[index]!);
				} else {
					if (over > 0) {
						start = nthLineEnd(chunk, over) + 1;
						countOnly(chunk.subarray(0, start), over);
						over = 0;
					}

					// A string per line, not slices of one big string: a slice would keep the whole
					// chunk's text alive for as long as the log keeps any of its lines.
					for (let end = chunk.indexOf(newline, start); end !== -1; start = end + 1, end = chunk.indexOf(newline, start)) {
						if (end > start) text.push(chunk.toString('utf8', start, end));
					}
				}

				done(chunk);
			}

			const taken = {lines: text, skipped, lost};
			chunks = [];
			counts = [];
			lines = 0;
			skipped = 0;
			lost = 0;
			return taken;
		},
	};
}

function countLines(bytes: Buffer): number {
	let count = 0;
	for (let at = bytes.indexOf(newline); at !== -1; at = bytes.indexOf(newline, at + 1)) count++;
	return count;
}

/** Where the nth line (1-based) ends. */
function nthLineEnd(bytes: Buffer, nth: number): number {
	let at = -1;
	for (let index = 0; index < nth; index++) at = bytes.indexOf(newline, at + 1);
	return at;
}

/** The kernel's `[LOST n EVENTS]` counts in lines that are counted, not decoded. */
function lostIn(bytes: Buffer): number {
	let total = 0;
	for (let at = bytes.indexOf(lostMark); at !== -1; at = bytes.indexOf(lostMark, at + 1)) {
		const match = /^\[LOST (\d+)/.exec(bytes.toString('latin1', at, Math.min(bytes.length, at + 32)));
		if (match) total += Number(match[1]);
	}

	return total;
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
