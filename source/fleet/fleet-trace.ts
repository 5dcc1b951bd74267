// Every host's trace log as one source: each line keeps its host (TraceChunk.hosts). One host's
// trouble (no tracefs, a busy pipe, a lost connection) is a notice naming it, not the end of the
// others' lines; only when no host can be read is it an error.
import type {TraceSource} from '../backends/backend.js';
import type {TraceChunk} from '../snapshot/snapshot.js';

export type HostTrace = {readonly host: string; readonly source: TraceSource};

export function mergeTraceChunks(chunks: ReadonlyArray<{readonly host: string; readonly chunk: TraceChunk}>): TraceChunk {
	const lines: string[] = [];
	const hosts: string[] = [];
	let dropped = 0;
	let skipped = 0;
	const errors: string[] = [];
	const notices: string[] = [];
	for (const {host, chunk} of chunks) {
		for (const line of chunk.lines) {
			lines.push(line);
			hosts.push(host);
		}

		dropped += chunk.dropped;
		skipped += chunk.skipped ?? 0;
		if (chunk.error !== undefined) errors.push(`${host}: ${chunk.error}`);
		if (chunk.notice !== undefined) notices.push(chunk.notice.startsWith(`${host}: `) ? chunk.notice : `${host}: ${chunk.notice}`);
	}

	const allFailed = chunks.length > 0 && errors.length === chunks.length;
	const notice = [...(allFailed ? [] : errors), ...notices].join('; ');
	return {
		lines,
		dropped,
		...(skipped === 0 ? {} : {skipped}),
		hosts,
		...(allFailed ? {error: errors.join('; ')} : {}),
		...(notice === '' ? {} : {notice}),
	};
}

export function mergedTraceSource(sources: readonly HostTrace[]): TraceSource {
	return {
		take: () => mergeTraceChunks(sources.map(({host, source}) => ({host, chunk: source.take()}))),
		async close() {
			await Promise.all(sources.map(async ({source}) => source.close()));
		},
	};
}
