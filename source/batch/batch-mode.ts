// Non-interactive runs (--once, --json, -n, or stdout not a terminal): print a snapshot every
// interval, from the same monitor core as the screen. The first sample only sets the baseline,
// since rates need two.
import type {Monitor} from '../monitor/monitor.js';
import {hostProblems} from '../model/hosts.js';
import type {Model} from '../model/model.js';
import type {Options} from '../options.js';
import type {TraceChunk} from '../snapshot/snapshot.js';
import {csvLine} from './csv.js';
import {csvTableFor} from './csv-tables.js';
import {jsonDocument} from './json-document.js';
import {attachmentsText, detailText} from './detail-text.js';
import {writeJsonDocument} from './map-values-json.js';
import {writeMapValuesText} from './map-values-text.js';
import {mapsText} from './maps-text.js';
import {textTable} from './text-table.js';
import {traceJson, traceText} from './trace-output.js';

export type BatchIo = {
	/** Text, or bytes already encoded (a big map's entries are written as bytes). */
	write(text: string | Uint8Array): void;
	/** One line for stderr. */
	warn(text: string): void;
	/** The terminal's width when stdout is one (-b on a terminal); text is 120 wide otherwise. */
	readonly columns?: number;
};

/** Prints what the monitor emits until it ends (after -n refreshes, or when stopped); resolves with the exit code. */
export async function runBatchMode(monitor: Monitor, options: Options, io: BatchIo): Promise<number> {
	const {backend} = monitor;
	let exitCode = 0;
	let seen = 0;
	let printed = 0;
	let hostsSaid = '';
	const text = (current: Model) => {
		if (options.progId !== undefined) return detailText(current, options.progId);
		if (options.view === 'attachments') return attachmentsText(backend, current);
		if (options.view === 'maps') return mapsText(backend, current);
		return textTable(backend, current, io.columns);
	};

	// Reading the trace pipe consumes it: only when asked for, closed however the run ends.
	if (options.view === 'trace') monitor.trace.open();
	const csv = options.csv ? csvTableFor(options) : undefined;
	// One document per line (--json); one header, then a row per program with its time (--csv);
	// snapshots separated by a blank line (text, like top -b).
	const format = (current: Model, lines: TraceChunk | undefined): string => {
		if (options.json) {
			// A map's entries can be hundreds of MB of JSON: written as they are made.
			writeJsonDocument({...jsonDocument(backend, current, monitor.clock.simulated === true), ...(lines ? traceJson(lines) : {})}, current.mapValues, io.write);
			return '';
		}

		if (csv) {
			const time = new Date(current.snapshot.wallMs).toISOString();
			const header = printed === 0 ? csvLine(['time', ...csv.header]) : '';
			return header + csv.rows(current).map(values => csvLine([time, ...values])).join('');
		}

		io.write((printed === 0 ? '' : '\n') + text(current));
		if (current.mapValues) writeMapValuesText(current.mapValues, io.write);
		return lines ? traceText(lines) : '';
	};

	monitor.recorder?.onStop(reason => io.warn(`bpftop-ts: ${reason}`));
	const damage = backend.timeline?.damage;
	if (damage) io.warn(`bpftop-ts: the recording was ${damage}`);
	const unsubscribe = monitor.subscribe(event => {
		if (event.type === 'error') {
			io.warn(`bpftop-ts: ${event.error.message}`);
			exitCode = 1;
			// A one-shot run cannot wait for bpftool to recover.
			if (options.iterations !== undefined) void monitor.stop();
			return;
		}

		// A host that is down (or back) is said once per change; its last rows stay in the output.
		const problems = hostProblems(event.model.hosts ?? []);
		if (problems.join('\n') !== hostsSaid) for (const problem of problems) io.warn(`bpftop-ts: ${problem}`);
		hostsSaid = problems.join('\n');
		if (event.model.hosts?.some(entry => entry.state !== 'up')) exitCode = 1;
		// Lines before the first sample are not part of the interval.
		const lines = options.view === 'trace' ? monitor.trace.drain() : undefined;
		if (seen++ === 0) return;
		io.write(format(event.model, lines));
		printed++;
	});
	try {
		await monitor.done;
	} finally {
		unsubscribe();
		await monitor.trace.close();
	}

	return exitCode;
}
