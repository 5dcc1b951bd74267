// The trace lines of a batch run (--view trace): parsed for --json, sanitised text otherwise.
import {sanitize} from '../model/sanitize.js';
import {parseTraceLine} from '../parse/trace-line.js';
import type {TraceChunk} from '../snapshot/snapshot.js';

export type TraceJsonLine = {
	/** With several hosts: the one that printed it. */
	host?: string;
	time: number | null;
	task: string | null;
	pid: number | null;
	cpu: number | null;
	flags: string | null;
	function: string | null;
	/** The text as the program printed it (JSON escapes control characters; see safeJson). */
	message: string;
};

/** Keys added to the JSON document: `trace`, `trace_dropped`, and `trace_error` when reading failed. */
export function traceJson(chunk: TraceChunk): Record<string, unknown> {
	let lost = 0;
	const lines: TraceJsonLine[] = chunk.lines.map((text, index) => {
		const line = parseTraceLine(text);
		lost += line.lost ?? 0;
		const host = chunk.hosts?.[index];
		return {
			...(host === undefined ? {} : {host}),
			time: line.time ?? null,
			task: line.task ?? null,
			pid: line.pid ?? null,
			cpu: line.cpu ?? null,
			flags: line.flags ?? null,
			function: line.function ?? null,
			message: line.message,
		};
	});
	return {
		trace: lines,
		trace_dropped: chunk.dropped + lost,
		// Read but not printed: more lines than one snapshot keeps arrived in the interval (a flood).
		trace_skipped: chunk.skipped ?? 0,
		...(chunk.error === undefined ? {} : {trace_error: chunk.error}),
		...(chunk.notice === undefined ? {} : {trace_notice: chunk.notice}),
	};
}

/** The trace lines under a text snapshot, each made safe for a terminal. */
export function traceText(chunk: TraceChunk): string {
	const skipped = chunk.skipped ? ` (${chunk.skipped} more read, not shown)` : '';
	const header = chunk.error ? `trace: ${sanitize(chunk.error)}` : `trace: ${chunk.lines.length} lines${skipped}, ${chunk.dropped} dropped`;
	const lines = chunk.lines.map((text, index) => {
		const line = parseTraceLine(text);
		const host = chunk.hosts?.[index];
		const from = host === undefined ? '' : `${sanitize(host)} `;
		if (line.time === undefined) return from + sanitize(line.message);
		const event = line.function && line.function !== 'bpf_trace_printk' ? `${line.function}: ` : '';
		return `${from}${line.time.toFixed(6)} [${line.cpu}] ${sanitize(`${line.task}-${line.pid} ${event}${line.message}`)}`;
	});
	return [header, ...lines, ''].join('\n');
}
