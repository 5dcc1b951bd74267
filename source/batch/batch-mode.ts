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
import {jsonDocument} from './json-document.js';
import {attachmentsText, detailText} from './detail-text.js';
import {safeJson} from './safe-json.js';
import {mapValuesText} from './map-values-text.js';
import {mapsText} from './maps-text.js';
import {textTable} from './text-table.js';
import {traceJson, traceText} from './trace-output.js';

export type BatchIo = {
	write(text: string): void;
	/** One line for stderr. */
	warn(text: string): void;
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
		return textTable(backend, current);
	};
	// Reading the trace pipe consumes it: only when asked for, closed however the run ends.
	const trace = options.view === 'trace' ? backend.openTrace() : undefined;
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
			const values = model.mapValues ? mapValuesText(model.mapValues) : '';
			if (options.json) io.write(`${safeJson({...jsonDocument(backend, model), ...(lines ? traceJson(lines) : {})})}\n`);
			else io.write(text(model) + values + (lines ? traceText(lines) : ''));
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
