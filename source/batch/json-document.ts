// The --json document. Its schema is documented in the README; later features add keys, never
// rename them. map_values is added by writeJsonDocument (map-values-json.ts), which streams its entries.
import type {Backend} from '../backends/backend.js';
import type {Model} from '../model/model.js';
import {attachmentsJson, programDumpJson} from './attachment-json.js';

export type JsonDocument = Record<string, unknown>;

export function jsonDocument(backend: Backend, model: Model): JsonDocument {
	return {
		backend: backend.name,
		backend_label: backend.label,
		time: new Date(model.snapshot.wallMs).toISOString(),
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
	};
}

function round(value: number, digits: number): number {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}
