// Writes a recording as the monitor goes: one gzip stream, flushed after every refresh, so a crash
// or a kill loses at most the refresh being written. Bounded by a size limit, after which it stops
// recording (the monitor goes on) and says so.
import {closeSync, openSync, writeSync} from 'node:fs';
import {constants, createGzip, type Gzip} from 'node:zlib';
import type {Answers} from '../collect/collect.js';
import type {TraceChunk} from '../snapshot/snapshot.js';
import {traceLineOf, type RecordingHeader, type RecordingLine} from './format.js';

export type RecorderStatus = {
	readonly path: string;
	/** Compressed bytes written so far. */
	readonly bytes: number;
	readonly refreshes: number;
	/** Why recording stopped early (the size limit, a write error); undefined while it records. */
	readonly stopped?: string;
};

export type Recorder = {
	readonly status: RecorderStatus;
	/** Resolves once the refresh is on disk (flushed through the compressor and written). */
	refresh(answers: Answers): Promise<void>;
	trace(timeNs: bigint, chunk: TraceChunk): void;
	/** Called once when recording stops early, with the reason. */
	onStop(listener: (reason: string) => void): void;
	/** Ends the gzip stream and closes the file. */
	close(): Promise<void>;
};

/** Bigints (the emulator's formatted 64-bit values) as numbers when exact, else as decimal text. */
function replacer(_key: string, value: unknown): unknown {
	if (typeof value !== 'bigint') return value;
	return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : String(value);
}

/**
 * Opens `path` (truncating it) and writes the header. Throws when the file cannot be created: the
 * user asked for a recording, so starting without one would be a silent loss.
 */
export function createRecorder(path: string, header: Omit<RecordingHeader, 'type'>, limitBytes: number): Recorder {
	let fd: number;
	try {
		fd = openSync(path, 'w', 0o600);
	} catch (error) {
		throw new Error(`cannot create the recording ${path}: ${(error as Error).message.replace(/, open .*$/, '')}`);
	}

	let bytes = 0;
	let refreshes = 0;
	/** The largest refresh so far, compressed, and where the last flush ended. */
	let largest = 0;
	let flushedAt = 0;
	let stopped: string | undefined;
	let closed = false;
	const stopListeners: Array<(reason: string) => void> = [];
	const gzip: Gzip = createGzip({level: 6});
	// Written synchronously as the compressor hands bytes out: once flushed, a refresh is on disk.
	gzip.on('data', (chunk: Buffer) => {
		if (closed) return;
		try {
			writeSync(fd, chunk);
			bytes += chunk.length;
		} catch (error) {
			stop(`cannot write ${path}: ${(error as Error).message}`);
		}
	});
	const ended = new Promise<void>(resolve => gzip.on('end', resolve));

	function stop(reason: string) {
		if (stopped) return;
		stopped = reason;
		for (const listener of stopListeners) listener(reason);
	}

	function write(line: RecordingLine | RecordingHeader, flush: boolean): Promise<void> {
		if (stopped || closed) return Promise.resolve();
		gzip.write(`${JSON.stringify(line, replacer)}\n`);
		if (!flush) return Promise.resolve();
		return new Promise(resolve => {
			gzip.flush(constants.Z_SYNC_FLUSH, () => {
				largest = Math.max(largest, bytes - flushedAt);
				flushedAt = bytes;
				resolve();
			});
		});
	}

	void write({type: 'header', ...header}, true);

	return {
		get status() {
			return {path, bytes, refreshes, ...(stopped ? {stopped} : {})};
		},
		async refresh(answers) {
			// Stop before a refresh like the largest so far could pass the limit: the file stays under it.
			if (!stopped && bytes + 2 * largest > limitBytes) {
				await write({type: 'end', reason: 'size limit'}, true);
				stop(`recording stopped at ${formatMb(bytes)} (--record-limit ${formatMb(limitBytes)})`);
			}

			if (stopped) return;
			const written = write(
				{
					type: 'refresh',
					t: String(answers.timeNs),
					wall: answers.wallMs,
					outputs: answers.outputs,
					...(answers.netnsOutputs.length > 0 ? {netns_outputs: answers.netnsOutputs} : {}),
				},
				true,
			);
			refreshes++;
			await written;
		},
		trace(timeNs, chunk) {
			if (chunk.lines.length === 0 && chunk.dropped === 0 && !chunk.skipped && chunk.error === undefined && chunk.notice === undefined) return;
			write(traceLineOf(timeNs, chunk), false);
		},
		onStop(listener) {
			stopListeners.push(listener);
		},
		async close() {
			if (closed) return;
			// Its last line tells a reader the recording ended here on purpose, not in a crash.
			if (!stopped) await write({type: 'end', reason: 'exit'}, false);
			gzip.end();
			await ended.catch(() => undefined);
			closed = true;
			closeSync(fd);
		},
	};
}

function formatMb(bytes: number): string {
	return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
}
