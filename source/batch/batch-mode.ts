// Non-interactive runs (--once, --json, -n, or stdout not a terminal): print a snapshot every
// interval. The first sample only sets the baseline, since rates need two.
import type {Backend} from '../backends/backend.js';
import type {Clock} from '../clock/clock.js';
import {collect} from '../collect/collect.js';
import {planMapDump} from '../collect/map-dump.js';
import {advanceModel, type Model} from '../model/model.js';
import type {Options} from '../options.js';
import type {BpfMap} from '../parse/map.js';
import {startPoller} from '../poll/poller.js';
import {csvLine} from './csv.js';
import {csvTableFor} from './csv-tables.js';
import {jsonDocument} from './json-document.js';
import {attachmentsText, detailText} from './detail-text.js';
import {safeJson} from './safe-json.js';
import {mapValuesText} from './map-values-text.js';
import {mapsText} from './maps-text.js';
import {textTable} from './text-table.js';
import {traceJson, traceText} from './trace-output.js';
import type {TraceChunk} from '../snapshot/snapshot.js';

export type BatchIo = {
	write(text: string): void;
	/** One line for stderr. */
	warn(text: string): void;
	/** The terminal's width when stdout is one (-b on a terminal); text is 120 wide otherwise. */
	readonly columns?: number;
};

/** Options plus the map --map named, found at start (its size decides whether it is dumped). */
export type BatchOptions = Options & {readonly mapTarget?: BpfMap};

/** Resolves with the exit code. */
export async function runBatchMode(backend: Backend, clock: Clock, options: BatchOptions, io: BatchIo, signal?: AbortSignal): Promise<number> {
	let model: Model | undefined;
	const {mapTarget} = options;
	let exitCode = 0;
	// JSON always carries the attachments; text shows them with --view attachments and in --prog's summary.
	const request = {
		...(mapTarget ? {mapId: mapTarget.id, mapLimit: options.mapLimit} : {}),
		attachments: options.json || options.view === 'attachments' || options.progId !== undefined, netns: options.netns, progId: options.progId, jited: options.progId !== undefined,
	};
	const text = (current: Model) => {
		if (options.progId !== undefined) return detailText(current, options.progId);
		if (options.view === 'attachments') return attachmentsText(backend, current);
		if (options.view === 'maps') return mapsText(backend, current);
		return textTable(backend, current, io.columns);
	};
	// Reading the trace pipe consumes it: only when asked for, closed however the run ends.
	const trace = options.view === 'trace' ? backend.openTrace() : undefined;
	let printed = 0;
	const csv = options.csv ? csvTableFor(options) : undefined;
	// One document per line (--json); one header, then a row per program with its time (--csv);
	// snapshots separated by a blank line (text, like top -b).
	const format = (current: Model, lines: TraceChunk | undefined): string => {
		if (options.json) return `${safeJson({...jsonDocument(backend, current), ...(lines ? traceJson(lines) : {})})}\n`;
		if (csv) {
			const time = new Date(current.snapshot.wallMs).toISOString();
			const header = printed === 0 ? csvLine(['time', ...csv.header]) : '';
			return header + csv.rows(current).map(values => csvLine([time, ...values])).join('');
		}

		const values = current.mapValues ? mapValuesText(current.mapValues) : '';
		return (printed === 0 ? '' : '\n') + text(current) + values + (lines ? traceText(lines) : '');
	};

	const poller = startPoller({
		clock,
		intervalMs: () => options.intervalMs,
		tick: async tickSignal => collect(backend, planMapDump(request, model?.snapshot.maps ?? (mapTarget ? [mapTarget] : undefined)), clock, tickSignal),
		maxTicks: options.iterations === undefined ? undefined : options.iterations + 1,
		maxBackoffMs: options.intervalMs,
		onResult(result) {
			if (!result.ok) {
				io.warn(`bpftop-ts: ${result.error.message}`);
				exitCode = 1;
				// A one-shot run cannot wait for bpftool to recover.
				if (options.iterations !== undefined) void poller.stop();
				return;
			}

			const first = model === undefined;
			model = advanceModel(model, result.value);
			// Lines before the first sample are not part of the interval.
			const lines = trace?.take();
			if (first) return;
			io.write(format(model, lines));
			printed++;
		},
	});
	signal?.addEventListener('abort', () => void poller.stop(), {once: true});
	try {
		await poller.done;
	} finally {
		await trace?.close();
	}

	return exitCode;
}
