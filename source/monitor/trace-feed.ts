// The trace log, owned by the core: opens the backend's trace source while someone reads it, drains
// it into one TraceLog, and keeps that log (its lines, counters and rate) when the reader goes away,
// so leaving the Trace view and coming back loses nothing. Reading the trace pipe consumes it, so
// the source is open only while asked for.
import type {Backend, TraceSource} from '../backends/backend.js';
import type {Clock} from '../clock/clock.js';
import {appendTrace, emptyTraceLog, type TraceLog} from '../model/trace-log.js';
import type {TraceChunk} from '../snapshot/snapshot.js';

export type TraceFeed = {
	/** The log so far; undefined until the trace was first opened. */
	readonly log: TraceLog | undefined;
	/**
	 * Opens the source (once). With `drainEveryMs` it drains itself on a timer (a screen); without,
	 * the caller drains (batch output takes the lines of each interval).
	 */
	open(options?: {readonly drainEveryMs?: number}): void;
	/** Reads what arrived since the last drain into the log and returns it. */
	drain(): TraceChunk;
	/** Closes the source; the log stays. */
	close(): Promise<void>;
	/** Called after every drain that changed the log. */
	subscribe(listener: (log: TraceLog) => void): () => void;
};

const nothing: TraceChunk = {lines: [], dropped: 0};

/** `onChunk` sees every chunk read (the recorder). */
export function createTraceFeed(backend: Backend, clock: Clock, onChunk?: (chunk: TraceChunk) => void): TraceFeed {
	let source: TraceSource | undefined;
	let timer: ReturnType<typeof setInterval> | undefined;
	let log: TraceLog | undefined;
	// Lines that waited in the kernel's buffer while nobody read are real lines, but not a rate.
	let backlog = false;
	const listeners = new Set<(log: TraceLog) => void>();
	const nowMs = () => Number(clock.nowNs() / 1000n) / 1000;

	const feed: TraceFeed = {
		get log() {
			return log;
		},
		open(options = {}) {
			if (source) return;
			source = backend.openTrace();
			log ??= emptyTraceLog(nowMs());
			// What the first read finds waited in the buffer (since boot on the first open, since the
			// last close after): lines, not a rate.
			backlog = true;
			feed.drain();
			if (options.drainEveryMs !== undefined) timer = setInterval(() => feed.drain(), options.drainEveryMs);
		},
		drain() {
			if (!source || !log) return nothing;
			const chunk = source.take();
			onChunk?.(chunk);
			const next = appendTrace(log, chunk, nowMs(), {backlog});
			backlog = false;
			if (next !== log) {
				log = next;
				for (const listener of listeners) listener(next);
			}

			return chunk;
		},
		async close() {
			if (timer) clearInterval(timer);
			timer = undefined;
			const closing = source;
			source = undefined;
			await closing?.close();
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
	};
	return feed;
}
