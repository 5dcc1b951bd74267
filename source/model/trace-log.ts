// The trace log the Trace view shows: a bounded list of parsed lines, lines per second and lines
// lost, plus the scroll position. Pure: (log, chunk, now) → log; no timers, no I/O.
import {parseTraceLine, type TraceLine} from '../parse/trace-line.js';
import {sanitize} from './sanitize.js';
import type {TraceChunk} from '../snapshot/snapshot.js';

export type TraceEntry = {
	/** Running number since the log was opened (1 = first line): a stable key and scroll anchor. */
	readonly seq: number;
	/** The line as read, raw: parsed and sanitised only when shown or searched (a flood stays cheap). */
	readonly text: string;
	/** The machine that printed it, when several are watched (TraceChunk.hosts). */
	readonly host?: string;
};

export type TraceLog = {
	/** Oldest first, at most `capacity`. */
	readonly entries: readonly TraceEntry[];
	readonly capacity: number;
	/** Lines received since the log was opened. */
	readonly total: number;
	/** Lines lost: the reader fell behind, or the kernel overwrote its buffer (`[LOST n EVENTS]`). */
	readonly dropped: number;
	/** Lines per second over the last `rateWindowMs`. */
	readonly rate: number;
	/** Lines received per append, for the rate. */
	readonly samples: ReadonlyArray<{readonly atMs: number; readonly lines: number}>;
	readonly openedMs: number;
	/** Why the trace cannot be read (tracefs missing …). */
	readonly error?: string;
	/** A warning that does not stop reading (tracing switched off). */
	readonly notice?: string;
};

export const rateWindowMs = 2000;

export function emptyTraceLog(nowMs: number, capacity = 10_000): TraceLog {
	return {entries: [], capacity, total: 0, dropped: 0, rate: 0, samples: [], openedMs: nowMs};
}

// Memos of pure functions of an entry: a line is parsed when drawn, sanitised when a filter looks
// at it, each at most once.
const parsed = new WeakMap<TraceEntry, TraceLine>();
const searchable = new WeakMap<TraceEntry, string>();

export function entryLine(entry: TraceEntry): TraceLine {
	let line = parsed.get(entry);
	if (!line) parsed.set(entry, (line = parseTraceLine(entry.text)));
	return line;
}

/** The sanitised text the filter searches, in lower case: what the user sees, escapes included. */
export function entrySearch(entry: TraceEntry): string {
	let text = searchable.get(entry);
	if (text === undefined) searchable.set(entry, (text = sanitize(`${entry.host === undefined ? '' : `${entry.host} `}${entry.text.trimStart()}`).toLowerCase()));
	return text;
}

/**
 * Adds one drained chunk. Returns the same object when nothing visible changed (no re-render).
 * A `backlog` chunk (what waited in the kernel's buffer while nobody read it) adds its lines but
 * not to the rate: it arrived over minutes, not in this instant.
 */
export function appendTrace(log: TraceLog, chunk: TraceChunk, nowMs: number, options: {readonly backlog?: boolean} = {}): TraceLog {
	const count = chunk.lines.length;
	// Lines read but not kept (a flood) count in the total and the rate like the kept ones.
	const received = count + (chunk.skipped ?? 0);
	const counted = received > 0 && !options.backlog;
	const samples = [...log.samples.filter(sample => sample.atMs > nowMs - rateWindowMs), ...(counted ? [{atMs: nowMs, lines: received}] : [])];
	const rate = lineRate(samples, nowMs - log.openedMs);
	const error = chunk.error ?? log.error;
	const notice = chunk.notice;
	if (received === 0 && chunk.dropped === 0 && rate === log.rate && error === log.error && notice === log.notice) return log;

	// A burst longer than the log keeps its newest lines; `[LOST n EVENTS]` lines count wherever they are.
	const kept = chunk.lines.slice(-log.capacity);
	let lost = chunk.dropped;
	for (const text of chunk.lines) if (text.startsWith('CPU:')) lost += parseTraceLine(text).lost ?? 0;
	const firstSeq = log.total + (received - kept.length) + 1;
	const {hosts} = chunk;
	const offset = count - kept.length;
	const added = kept.map((text, index): TraceEntry => (hosts === undefined ? {seq: firstSeq + index, text} : {seq: firstSeq + index, text, host: hosts[offset + index]}));
	const entries = added.length === 0 ? log.entries : [...log.entries, ...added].slice(-log.capacity);
	return {
		...log,
		entries,
		total: log.total + received,
		dropped: log.dropped + lost,
		rate,
		samples,
		...(error === undefined ? {} : {error}),
		notice,
	};
}

function lineRate(samples: TraceLog['samples'], openForMs: number): number {
	const lines = samples.reduce((sum, sample) => sum + sample.lines, 0);
	// Over the window, or over the time open so far when that is shorter (but not a burst of 1 ms).
	const spanMs = Math.min(rateWindowMs, Math.max(500, openForMs));
	return lines / (spanMs / 1000);
}

export function filterTrace(log: TraceLog, filter: string): readonly TraceEntry[] {
	const needle = filter.trim().toLowerCase();
	return needle === '' ? log.entries : log.entries.filter(entry => entrySearch(entry).includes(needle));
}

/** Where the view is: following the newest line, or stopped with this line at the bottom. */
export type TraceScroll = {readonly anchor?: number};

export type TraceWindow = {
	readonly entries: readonly TraceEntry[];
	readonly following: boolean;
	/** Lines (matching the filter) below the window, newer than what is shown. */
	readonly below: number;
	/** Lines matching the filter in the whole log. */
	readonly matching: number;
};

/** The lines on screen: the `rows` ending at the anchor, or the newest when following. */
export function traceWindow(log: TraceLog, filter: string, scroll: TraceScroll, rows: number): TraceWindow {
	const lines = filterTrace(log, filter);
	const end = windowEnd(lines, scroll, rows);
	return {entries: lines.slice(Math.max(0, end - rows), end), following: scroll.anchor === undefined, below: lines.length - end, matching: lines.length};
}

function windowEnd(lines: readonly TraceEntry[], scroll: TraceScroll, rows: number): number {
	if (scroll.anchor === undefined) return lines.length;
	const anchor = scroll.anchor;
	// Lines are in seq order: find how many are at or before the anchor.
	let low = 0;
	let high = lines.length;
	while (low < high) {
		const middle = (low + high) >> 1;
		if (lines[middle]!.seq <= anchor) low = middle + 1;
		else high = middle;
	}

	// An anchor that scrolled out of the buffer leaves the view at the oldest page, not empty.
	return Math.max(low, Math.min(rows, lines.length));
}

export type TraceMove = 'up' | 'down' | 'page-up' | 'page-down' | 'home' | 'end' | 'toggle-follow';

/** The scroll position after a key: moving up stops following, reaching the bottom resumes it. */
export function scrollTrace(log: TraceLog, filter: string, scroll: TraceScroll, move: TraceMove, rows: number): TraceScroll {
	const lines = filterTrace(log, filter);
	const end = windowEnd(lines, scroll, rows);
	const page = Math.max(1, rows - 1);
	const at = (newEnd: number): TraceScroll => {
		const clamped = Math.max(Math.min(rows, lines.length), newEnd);
		if (clamped >= lines.length && move !== 'toggle-follow' && move !== 'home') return {};
		// Nothing to stand on yet: stop at the newest line received, so later lines stay below.
		return {anchor: clamped === 0 ? log.total : lines[clamped - 1]!.seq};
	};

	switch (move) {
		case 'end':
			return {};
		case 'home':
			return at(0);
		case 'up':
			return at(end - 1);
		case 'page-up':
			return at(end - page);
		case 'down':
			return at(end + 1);
		case 'page-down':
			return at(end + page);
		case 'toggle-follow':
			return scroll.anchor === undefined ? {anchor: lines.at(-1)?.seq ?? log.total} : {};
	}
}
