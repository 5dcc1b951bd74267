// The Prometheus registry (prom-client) over the latest model: each scrape reads the newest figures
// through collect callbacks, so a scrape costs only its own formatting and never waits for a refresh.
import {Counter, Gauge, Registry} from 'prom-client';
import type {Model} from '../model/model.js';
import {monotonicCounters, seriesOf, type Sample, type Series, type SeriesContext} from './series.js';

export type MetricsSource = {
	/** The latest model (a merged one with several hosts). */
	model(): Model | undefined;
	context(): SeriesContext;
};

type Definition = {
	readonly name: string;
	readonly help: string;
	readonly kind: 'counter' | 'gauge';
	readonly labels: readonly string[];
	readonly pick: (series: Series) => readonly Sample[];
};

export function createRegistry(source: MetricsSource): Registry {
	const registry = new Registry();
	const host = source.context().withHost ? ['host'] : [];
	const program = ['id', 'name', 'type', 'tag', ...host];
	const map = ['id', 'name', 'type', ...host];
	const runs = monotonicCounters();
	const seconds = monotonicCounters();
	const definitions: Definition[] = [
		{name: 'bpftop_program_runs_total', help: 'Times the BPF program ran while run-time stats were on (run_cnt).', kind: 'counter', labels: program, pick: s => runs(s.programRuns)},
		{
			name: 'bpftop_program_run_seconds_total',
			help: 'Time the BPF program ran while run-time stats were on (run_time_ns), in seconds.',
			kind: 'counter',
			labels: program,
			pick: s => seconds(s.programRunSeconds),
		},
		{name: 'bpftop_programs', help: 'BPF programs loaded.', kind: 'gauge', labels: host, pick: s => s.programs},
		{name: 'bpftop_maps', help: 'BPF maps.', kind: 'gauge', labels: host, pick: s => s.maps},
		{name: 'bpftop_map_entries', help: 'Entries in the BPF map, where known without a dump (arrays).', kind: 'gauge', labels: map, pick: s => s.mapEntries},
		{name: 'bpftop_map_max_entries', help: 'Entries the BPF map can hold (max_entries).', kind: 'gauge', labels: map, pick: s => s.mapMaxEntries},
		{name: 'bpftop_map_memory_bytes', help: 'Memory the BPF map takes (bytes_memlock).', kind: 'gauge', labels: map, pick: s => s.mapMemory},
		{name: 'bpftop_stats_enabled', help: 'Whether BPF run-time stats are on (1) or off (0).', kind: 'gauge', labels: host, pick: s => s.statsEnabled},
		...(host.length > 0 ? [{name: 'bpftop_host_up', help: 'Whether the host answered its last refresh (1) or not (0).', kind: 'gauge' as const, labels: ['host'], pick: (s: Series) => s.hostUp}] : []),
	];

	// One model → series per scrape, shared by every metric's collect (they run in turn, in one scrape).
	let cached: {model: Model | undefined; series: Series} | undefined;
	const current = (): Series => {
		const model = source.model();
		if (cached && cached.model === model && model !== undefined) return cached.series;
		cached = {model, series: seriesOf(model, source.context())};
		return cached.series;
	};

	for (const definition of definitions) {
		const fill = (metric: Counter | Gauge) => {
			metric.reset();
			for (const sample of definition.pick(current())) {
				if (metric instanceof Counter) metric.inc(sample.labels, sample.value);
				else metric.set(sample.labels, sample.value);
			}
		};

		const config = {name: definition.name, help: definition.help, labelNames: [...definition.labels], registers: [registry]};
		// prom-client calls collect with the metric as `this`; registering is a side effect of construction.
		if (definition.kind === 'counter') {
			new Counter({
				...config,
				collect() {
					fill(this);
				},
			});
		} else {
			new Gauge({
				...config,
				collect() {
					fill(this);
				},
			});
		}
	}

	return registry;
}
