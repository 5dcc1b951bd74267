// Non-interactive runs (--once, --json, -n, or stdout not a terminal): print a snapshot every
// interval. The first sample only sets the baseline, since rates need two.
import type {Backend} from '../backends/backend.js';
import type {Clock} from '../clock/clock.js';
import {collect} from '../collect/collect.js';
import {advanceModel, type Model} from '../model/model.js';
import type {Options} from '../options.js';
import {startPoller} from '../poll/poller.js';
import {csvLine} from './csv.js';
import {csvTableFor} from './csv-tables.js';
import {jsonDocument} from './json-document.js';
import {textTable} from './text-table.js';

export type BatchIo = {
	write(text: string): void;
	/** One line for stderr. */
	warn(text: string): void;
	/** The terminal's width when stdout is one (-b on a terminal); text is 120 wide otherwise. */
	readonly columns?: number;
};

/** Resolves with the exit code. */
export async function runBatchMode(backend: Backend, clock: Clock, options: Options, io: BatchIo, signal?: AbortSignal): Promise<number> {
	let model: Model | undefined;
	let exitCode = 0;
	let printed = 0;
	const csv = options.csv ? csvTableFor(options) : undefined;
	// One document per line (--json); one header, then a row per program with its time (--csv);
	// snapshots separated by a blank line (text, like top -b).
	const format = (current: Model): string => {
		if (options.json) return `${JSON.stringify(jsonDocument(backend, current))}\n`;
		if (csv) {
			const time = new Date(current.snapshot.wallMs).toISOString();
			const header = printed === 0 ? csvLine(['time', ...csv.header]) : '';
			return header + csv.rows(current).map(values => csvLine([time, ...values])).join('');
		}

		return (printed === 0 ? '' : '\n') + textTable(backend, current, io.columns);
	};

	const poller = startPoller({
		clock,
		intervalMs: () => options.intervalMs,
		tick: async tickSignal => collect(backend, {}, clock, tickSignal),
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
			io.write(format(model));
			printed++;
		},
	});
	signal?.addEventListener('abort', () => void poller.stop(), {once: true});
	await poller.done;
	return exitCode;
}
