// The --json document. Its schema is documented in the README; later features add keys, never
// rename them. map_values is added by writeJsonDocument (map-values-json.ts), which streams its entries.
import type {Backend} from '../backends/backend.js';
import type {Model} from '../model/model.js';
import {attachmentsJson, hasAttachments, programDumpJson} from './attachment-json.js';

export type JsonDocument = Record<string, unknown>;

/** `simulatedTime`: the emulator ran on a virtual clock (--once, -n): `time` and the interval are its, not the wall clock's. */
export function jsonDocument(backend: Backend, model: Model, simulatedTime = false): JsonDocument {
	return {
		backend: backend.name,
		backend_label: backend.label,
		time: new Date(model.snapshot.wallMs).toISOString(),
		simulated_time: simulatedTime,
		interval_s: round(model.intervalSec, 6),
		stats_enabled: backend.stats.on,
		...(hostsJson(backend, model) ?? {}),
		programs: model.programs.map(({program, stats, host}) => ({
			...(host === undefined ? {} : {host}),
			...program,
			events_per_sec: round(stats.eventsPerSec, 3),
			avg_runtime_ns: round(stats.avgRuntimeNs, 3),
			cpu_percent: round(stats.cpuPercent, 6),
		})),
		maps: withHosts(model) ? model.maps.map(row => ({host: row.host, ...row.map})) : model.snapshot.maps,
		problems: model.snapshot.problems,
		...(hasAttachments(model) ? {attachments: attachmentsJson(model)} : {}),
		...(model.snapshot.programDump ? {program_dump: programDumpJson(model)} : {}),
	};
}

function withHosts(model: Model): boolean {
	return model.hosts !== undefined || model.snapshot.host !== undefined;
}

/** With --host: `hosts`, each host's state (up, down, connecting), why it is down, and its stats. */
function hostsJson(backend: Backend, model: Model): {hosts: Array<Record<string, unknown>>} | undefined {
	if (model.hosts) {
		return {
			hosts: model.hosts.map(entry => ({
				host: entry.host,
				state: entry.state,
				error: entry.error ?? null,
				backend_label: entry.label,
				stats_enabled: entry.stats.on,
				stats: entry.stats.detail,
			})),
		};
	}

	const {host} = model.snapshot;
	if (host === undefined) return undefined;
	const {stats} = backend;
	return {hosts: [{host, state: 'up', error: null, backend_label: backend.label, stats_enabled: stats.on, stats: stats.on ? `on (${stats.how})` : stats.reason}]};
}

function round(value: number, digits: number): number {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}
