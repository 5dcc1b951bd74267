// The core as the command line asks for it: batch output bounds it to -n refreshes (a replay to all
// of it) and asks what the output shows; --record adds a recorder. The one place options meet the core.
import {hostname, release} from 'node:os';
import type {Backend} from '../backends/backend.js';
import type {Clock} from '../clock/clock.js';
import type {RefreshRequest} from '../collect/request.js';
import type {Options} from '../options.js';
import type {BpfMap} from '../parse/map.js';
import {formatName, formatVersion} from '../recording/format.js';
import {createRecorder, type Recorder} from '../recording/recorder.js';
import {createMonitor, type Monitor} from './monitor.js';

export type MonitorStart = {
	readonly backend: Backend;
	readonly clock: Clock;
	/** The map --map named, found at start: its size decides the first dump. */
	readonly mapTarget?: BpfMap;
	readonly batch: boolean;
	/** bpftop-ts's version, for a recording's header. */
	readonly version?: string;
	/** The one host watched (--host): on every row and in a recording's header. */
	readonly host?: string;
};

export function monitorFromOptions(options: Options, {backend, clock, mapTarget, batch, version = 'unknown', host}: MonitorStart): Monitor {
	const {timeline} = backend;
	const replayAll = timeline !== undefined && (options.once || options.iterations === undefined);
	let maxTicks = !batch ? undefined : replayAll ? timeline.length : options.iterations === undefined ? undefined : options.iterations + 1;
	if (timeline && maxTicks !== undefined) maxTicks = Math.min(maxTicks, timeline.length);
	return createMonitor({
		backend,
		clock,
		intervalMs: options.intervalMs,
		// A screen's views say what they need; batch output asks once for all it prints.
		...(batch ? {request: batchRequest(options, mapTarget?.id), maxBackoffMs: options.intervalMs} : {}),
		maxTicks,
		knownMaps: mapTarget ? [mapTarget] : undefined,
		recorder: options.record === undefined ? undefined : recorderFor(options, backend, clock, version, host),
		host,
	});
}

/** What batch output asks of each refresh. JSON always carries the attachments; text shows them with --view attachments and in --prog's summary. */
export function batchRequest(options: Options, mapId?: number): RefreshRequest {
	return {
		...(mapId === undefined ? {} : {mapId, mapLimit: options.mapLimit}),
		attachments: options.json || options.view === 'attachments' || options.progId !== undefined,
		netns: options.netns,
		progId: options.progId,
		jited: options.progId !== undefined,
	};
}

function recorderFor(options: Options, backend: Backend, clock: Clock, version: string, host?: string): Recorder {
	return createRecorder(
		options.record!,
		{
			format: formatName,
			format_version: formatVersion,
			version,
			host: host === undefined || backend.name !== 'ssh' ? hostname() : host,
			kernel: backend.name === 'emulator' ? `emulated ${options.kernelVersion}` : backend.name === 'ssh' ? 'remote' : release(),
			interval_ms: options.intervalMs,
			backend: backend.name,
			backend_label: backend.label,
			stats: backend.stats,
			started: new Date(clock.wallMs()).toISOString(),
		},
		options.recordLimit,
	);
}
