// Non-interactive runs (--once, --json, -n, or stdout not a terminal): print a snapshot every
// interval. The first sample only sets the baseline, since rates need two.
import type {Backend} from '../backends/backend.js';
import type {Clock} from '../clock/clock.js';
import {collect} from '../collect/collect.js';
import {advanceModel, type Model} from '../model/model.js';
import type {Options} from '../options.js';
import {startPoller} from '../poll/poller.js';
import {jsonDocument} from './json-document.js';
import {attachmentsText, detailText} from './detail-text.js';
import {safeJson} from './safe-json.js';
import {textTable} from './text-table.js';
import {traceJson, traceText} from './trace-output.js';

export type BatchIo = {
	write(text: string): void;
	/** One line for stderr. */
	warn(text: string): void;
};

/** Resolves with the exit code. */
export async function runBatchMode(backend: Backend, clock: Clock, options: Options, io: BatchIo, signal?: AbortSignal): Promise<number> {
	let model: Model | undefined;
	let exitCode = 0;
	// JSON always carries the attachments; text shows them with --view attachments and in --prog's summary.
	const request = {attachments: options.json || options.view === 'attachments' || options.progId !== undefined, netns: options.netns, progId: options.progId, jited: options.progId !== undefined};
	const text = (current: Model) =>
		options.progId !== undefined ? detailText(current, options.progId) : options.view === 'attachments' ? attachmentsText(backend, current) : textTable(backend, current);
	// Reading the trace pipe consumes it: only when asked for, closed however the run ends.
	const trace = options.view === 'trace' ? backend.openTrace() : undefined;
	const poller = startPoller({
		clock,
		intervalMs: () => options.intervalMs,
		tick: async tickSignal => collect(backend, request, clock, tickSignal),
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
			if (options.json) io.write(`${safeJson({...jsonDocument(backend, model), ...(lines ? traceJson(lines) : {})})}\n`);
			else io.write(text(model) + (lines ? traceText(lines) : ''));
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
