// A recording (--record FILE): gzip-compressed JSON lines. The first line is a header; then one line
// per refresh with what the backend answered and when, and one per batch of trace lines. Not frames:
// a replay builds every view from the answers, as the monitor did live.
import {z} from 'zod';
import type {CommandOutput} from '../backends/backend.js';
import type {StatsState} from '../backends/backend.js';
import type {TraceChunk} from '../snapshot/snapshot.js';

/** The one format this version writes and reads; a newer one is refused with a clear message. */
export const formatVersion = 1;
export const formatName = 'bpftop-ts-recording';

export type RecordingHeader = {
	readonly type: 'header';
	readonly format: typeof formatName;
	readonly format_version: number;
	/** bpftop-ts's version. */
	readonly version: string;
	readonly host: string;
	/** The kernel release (uname -r) of the recorded machine. */
	readonly kernel: string;
	readonly interval_ms: number;
	readonly backend: string;
	readonly backend_label: string;
	readonly stats: StatsState;
	/** ISO 8601 wall-clock time the recording began. */
	readonly started: string;
};

/** One refresh: monotonic time as a decimal string (a bigint), wall-clock ms, the answers. */
export type RefreshLine = {
	readonly type: 'refresh';
	readonly t: string;
	readonly wall: number;
	readonly outputs: readonly CommandOutput[];
	readonly netns_outputs?: readonly CommandOutput[];
};

export type TraceLine = {
	readonly type: 'trace';
	readonly t: string;
	readonly lines: readonly string[];
	readonly dropped: number;
	readonly skipped?: number;
	readonly error?: string;
	readonly notice?: string;
};

/** The last line: the monitor exited ('exit'), or recording stopped before it did ('size limit'). */
export type EndLine = {readonly type: 'end'; readonly reason: string};

export type RecordingLine = RefreshLine | TraceLine | EndLine;

const outputSchema = z.object({command: z.array(z.string()), output: z.unknown()});
const statsSchema = z.union([
	z.object({on: z.literal(true), how: z.enum(['fd', 'sysctl', 'already-on', 'simulated'])}),
	z.object({on: z.literal(false), reason: z.string()}),
]);

export const headerSchema = z.object({
	type: z.literal('header'),
	format: z.literal(formatName),
	format_version: z.number().int(),
	version: z.string(),
	host: z.string(),
	kernel: z.string(),
	interval_ms: z.number().positive(),
	backend: z.string(),
	backend_label: z.string(),
	stats: statsSchema,
	started: z.string(),
});

const bigintText = z.string().regex(/^\d{1,30}$/);

export const lineSchema = z.discriminatedUnion('type', [
	z.object({
		type: z.literal('refresh'),
		t: bigintText,
		wall: z.number(),
		outputs: z.array(outputSchema),
		netns_outputs: z.array(outputSchema).optional(),
	}),
	z.object({
		type: z.literal('trace'),
		t: bigintText,
		lines: z.array(z.string()),
		dropped: z.number().int().nonnegative(),
		skipped: z.number().int().nonnegative().optional(),
		error: z.string().optional(),
		notice: z.string().optional(),
	}),
	z.object({type: z.literal('end'), reason: z.string()}),
]);

export function traceLineOf(timeNs: bigint, chunk: TraceChunk): TraceLine {
	return {
		type: 'trace',
		t: String(timeNs),
		lines: chunk.lines,
		dropped: chunk.dropped,
		...(chunk.skipped ? {skipped: chunk.skipped} : {}),
		...(chunk.error === undefined ? {} : {error: chunk.error}),
		...(chunk.notice === undefined ? {} : {notice: chunk.notice}),
	};
}
