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
import {textTable} from './text-table.js';

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
			if (first) return;
			io.write(options.json ? `${JSON.stringify(jsonDocument(backend, model))}\n` : text(model));
		},
	});
	signal?.addEventListener('abort', () => void poller.stop(), {once: true});
	await poller.done;
	return exitCode;
}
