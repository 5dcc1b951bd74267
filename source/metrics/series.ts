// The figures /metrics serves, as plain data from a model: one entry per series. Pure, so what
// Prometheus sees is tested without a server. Program ids are labels: a program is its id (a new
// one on every load), names and tags are not unique. So a reload is a new series, never a counter
// that went down (see the README on what that means for cardinality).
import type {HostEntry} from '../model/hosts.js';
import type {Model} from '../model/model.js';

export type Labels = Readonly<Record<string, string>>;
export type Sample = {readonly labels: Labels; readonly value: number};

export type Series = {
	readonly programRuns: readonly Sample[];
	readonly programRunSeconds: readonly Sample[];
	readonly programs: readonly Sample[];
	readonly maps: readonly Sample[];
	readonly mapEntries: readonly Sample[];
	readonly mapMaxEntries: readonly Sample[];
	readonly mapMemory: readonly Sample[];
	readonly statsEnabled: readonly Sample[];
	readonly hostUp: readonly Sample[];
};

/** What the model does not say by itself: whether stats are on (single machine), and whether rows carry hosts. */
export type SeriesContext = {
	readonly statsOn: boolean;
	/** Label every series with its host (--host). */
	readonly withHost: boolean;
};

type Part = {readonly host?: string; readonly model: Model; readonly statsOn: boolean};

export function seriesOf(model: Model | undefined, context: SeriesContext): Series {
	const parts = partsOf(model, context);
	const hostLabel = (host: string | undefined): Labels => (context.withHost ? {host: host ?? ''} : {});
	const programLabels = parts.flatMap(part =>
		part.model.programs.map(row => ({row, labels: {id: String(row.program.id), name: row.program.name, type: row.program.type, tag: row.program.tag, ...hostLabel(part.host)}})),
	);
	const mapRows = parts.flatMap(part =>
		part.model.maps.map(row => ({row, labels: {id: String(row.map.id), name: row.map.name, type: row.map.type, ...hostLabel(part.host)}})),
	);
	return {
		// bpftool leaves both out while run_time_ns is 0: then they are 0.
		programRuns: programLabels.map(({row, labels}) => ({labels, value: row.program.run_cnt ?? 0})),
		programRunSeconds: programLabels.map(({row, labels}) => ({labels, value: (row.program.run_time_ns ?? 0) / 1e9})),
		programs: parts.map(part => ({labels: hostLabel(part.host), value: part.model.programs.length})),
		maps: parts.map(part => ({labels: hostLabel(part.host), value: part.model.snapshot.maps.length})),
		// Known for arrays (every slot exists) and the map whose values are open; a hash's count needs a dump.
		mapEntries: mapRows.flatMap(({row, labels}) => (row.entries === undefined ? [] : [{labels, value: row.entries}])),
		mapMaxEntries: mapRows.flatMap(({row, labels}) => (row.map.max_entries === undefined ? [] : [{labels, value: row.map.max_entries}])),
		mapMemory: mapRows.flatMap(({row, labels}) => (row.map.bytes_memlock === undefined ? [] : [{labels, value: row.map.bytes_memlock}])),
		statsEnabled: parts.map(part => ({labels: hostLabel(part.host), value: part.statsOn ? 1 : 0})),
		hostUp: (model?.hosts ?? []).map(entry => ({labels: {host: entry.host}, value: entry.state === 'up' ? 1 : 0})),
	};
}

/** One part per host that is up (a host that is down has no figures, only bpftop_host_up 0), or the one machine. */
function partsOf(model: Model | undefined, context: SeriesContext): Part[] {
	if (!model) return [];
	if (!model.hosts) return [{host: model.snapshot.host, model, statsOn: context.statsOn}];
	return model.hosts.flatMap((entry: HostEntry) => (entry.state === 'up' && entry.model ? [{host: entry.host, model: entry.model, statsOn: entry.stats.on}] : []));
}

/**
 * Keeps counters from going down within a series: a program's run_cnt only grows while it is loaded,
 * and a reload has a new id (a new series); should a counter still read lower (an id the kernel
 * reused after wrapping around, with the same tag), the series holds its value rather than step back.
 */
export function monotonicCounters(): (samples: readonly Sample[]) => Sample[] {
	let last = new Map<string, number>();
	return samples => {
		const next = new Map<string, number>();
		const kept = samples.map(sample => {
			// Label names are the same for every sample of a metric: the values name the series.
			const key = Object.values(sample.labels).join('\u0000');
			const value = Math.max(last.get(key) ?? 0, sample.value);
			next.set(key, value);
			return value === sample.value ? sample : {labels: sample.labels, value};
		});
		// Series that went away are forgotten: memory follows the programs loaded now.
		last = next;
		return kept;
	};
}
