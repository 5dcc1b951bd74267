// The --json document. Its schema is documented in the README; later features add keys, never
// rename them.
import type {Backend} from '../backends/backend.js';
import type {Model} from '../model/model.js';
import {attachmentsJson, programDumpJson} from './attachment-json.js';
import {mapValuesJson} from './map-values-json.js';

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
		programs: model.programs.map(({program, stats}) => ({
			...program,
			events_per_sec: round(stats.eventsPerSec, 3),
			avg_runtime_ns: round(stats.avgRuntimeNs, 3),
			cpu_percent: round(stats.cpuPercent, 6),
		})),
		maps: model.snapshot.maps,
		problems: model.snapshot.problems,
		...(model.snapshot.attachments ? {attachments: attachmentsJson(model)} : {}),
		...(model.snapshot.programDump ? {program_dump: programDumpJson(model)} : {}),
		...(model.mapValues ? {map_values: mapValuesJson(model.mapValues)} : {}),
	};
}

function round(value: number, digits: number): number {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}
