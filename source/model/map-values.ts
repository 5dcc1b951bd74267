// The value table's model: one row per entry (per variable for global data) with each field's
// change since the last dump, its rate, and a bounded history of the main field's rate. Pure:
// (previous, snapshot) → next. Rows that appear are marked new; rows that vanish are dropped.
import type {BpfMap} from '../parse/map.js';
import type {MapEntry} from '../parse/map-dump.js';
import {counterDelta, ratePerSec} from './counter-delta.js';
import {History} from './history.js';
import {hexText, keyText, sumParts, valueParts, type Field, type ValuePart} from './map-value-fields.js';
import type {MapDump, Snapshot} from '../snapshot/snapshot.js';

export type FieldValue = Field & {
	readonly delta?: number;
	readonly ratePerSec?: number;
};

export type CpuRow = {
	readonly cpu: number;
	readonly fields: readonly FieldValue[];
};

export type MapValueRow = {
	/** Stable identity across refreshes: the key's bytes, plus the variable for global data. */
	readonly id: string;
	readonly keyText: string;
	readonly keySort: number | string;
	readonly keyHex: string;
	readonly variable?: string;
	readonly entry: MapEntry;
	readonly fields: readonly FieldValue[];
	/** Index of the field whose delta, rate and history the row shows (the first number); -1 if none. */
	readonly primary: number;
	/** Rates of the primary field over the last refreshes, oldest first. */
	readonly history: History;
	readonly perCpu?: readonly CpuRow[];
	/** Appeared since the previous dump. */
	readonly isNew: boolean;
};

export type MapValues = {
	readonly mapId: number;
	/** The map as `map show` lists it; undefined when it is gone. */
	readonly map?: BpfMap;
	readonly status: MapDump['status'];
	/** Why there are no fresh rows (skipped, error). */
	readonly reason?: string;
	readonly rows: readonly MapValueRow[];
	/** Field names in order, for the table's value columns. */
	readonly fieldNames: readonly string[];
	/** Rows dropped at this refresh because their key vanished. */
	readonly removed: number;
	/** When the rows were dumped, and the interval their deltas span. */
	readonly timeNs: bigint;
	readonly intervalSec: number;
};

export function primaryDelta(row: MapValueRow): number | undefined {
	return row.fields[row.primary]?.delta;
}

export function primaryRate(row: MapValueRow): number | undefined {
	return row.fields[row.primary]?.ratePerSec;
}

export function advanceMapValues(previous: MapValues | undefined, snapshot: Snapshot): MapValues | undefined {
	const dump = snapshot.mapDump;
	if (!dump) return undefined;
	const map = snapshot.maps.find(candidate => candidate.id === dump.mapId);
	// Another map, or the same id now naming another map: start over.
	const before = previous && previous.mapId === dump.mapId && sameMap(previous.map, map) ? previous : undefined;
	if (dump.status !== 'ok') {
		// Keep the last good rows on screen (and as the baseline) while the dump is skipped or failing.
		return {
			mapId: dump.mapId,
			map,
			status: dump.status,
			reason: dump.reason,
			rows: before?.rows ?? [],
			fieldNames: before?.fieldNames ?? [],
			removed: 0,
			timeNs: before?.timeNs ?? snapshot.timeNs,
			intervalSec: 0,
		};
	}

	const intervalSec = before?.status === 'ok' || (before && before.rows.length > 0) ? Number(snapshot.timeNs - before.timeNs) / 1e9 : 0;
	const baseline = intervalSec > 0 ? before : undefined;
	const previousRows = new Map(baseline?.rows.map(row => [row.id, row]));
	const rows = dump.entries.flatMap(entry => entryRows(entry, map?.bytes_value)).map(row => withChanges(row, previousRows.get(row.id), intervalSec, baseline !== undefined));
	const seen = new Set(rows.map(row => row.id));
	const removed = baseline ? baseline.rows.filter(row => !seen.has(row.id)).length : 0;
	return {mapId: dump.mapId, map, status: 'ok', rows, fieldNames: fieldNamesOf(rows), removed, timeNs: snapshot.timeNs, intervalSec};
}

function sameMap(a: BpfMap | undefined, b: BpfMap | undefined): boolean {
	return !a || !b || (a.type === b.type && a.name === b.name);
}

type RawRow = Omit<MapValueRow, 'history' | 'isNew' | 'primary'>;

/** An entry as rows before any comparison: key text, fields, per-CPU fields and their sum. */
export function entryRows(entry: MapEntry, valueSize?: number): RawRow[] {
	const key = keyText(entry);
	const keyHex = hexText(entry.key, 64);
	let parts: ValuePart[];
	let cpuParts: Array<{cpu: number; parts: ValuePart[]}> | undefined;
	if (entry.perCpu) {
		cpuParts = entry.perCpu.map(({cpu, bytes, formatted}) => ({cpu, parts: valueParts(bytes, formatted)}));
		parts = sumParts(cpuParts.map(item => item.parts));
	} else if (entry.error !== undefined) {
		parts = [{fields: [{name: '', text: `(${entry.error})`}]}];
	} else {
		parts = valueParts(entry.value ?? (valueSize === 0 ? new Uint8Array() : undefined), entry.formattedValue, entry.innerMapId);
	}

	return parts.map((part, index) => ({
		id: part.variable === undefined ? keyHex : `${keyHex}/${part.variable}`,
		keyText: part.variable ?? key.text,
		keySort: part.variable ?? key.sort,
		keyHex,
		...(part.variable === undefined ? {} : {variable: part.variable}),
		entry,
		fields: part.fields,
		...(cpuParts ? {perCpu: cpuParts.map(({cpu, parts: each}) => ({cpu, fields: each[index]?.fields ?? []}))} : {}),
	}));
}

function withChanges(row: RawRow, before: MapValueRow | undefined, intervalSec: number, hadBaseline: boolean): MapValueRow {
	const perCpu = row.perCpu?.map(cpuRow => {
		const old = before?.perCpu?.find(candidate => candidate.cpu === cpuRow.cpu);
		return {cpu: cpuRow.cpu, fields: cpuRow.fields.map((field, index) => change(field, old?.fields[index], intervalSec))};
	});
	const fields = row.fields.map((field, index) => {
		if (!perCpu) return change(field, before?.fields[index], intervalSec);
		// A per-CPU sum moves by the sum of the per-CPU moves: each CPU's counter wraps on its own.
		const deltas = perCpu.map(cpuRow => cpuRow.fields[index]?.delta);
		const delta = before && deltas.every(value => value !== undefined) ? deltas.reduce((sum, value) => sum! + value!, 0) : undefined;
		return withDelta(field, delta, intervalSec);
	});
	const primary = fields.findIndex(field => field.reading !== undefined);
	const rate = fields[primary]?.ratePerSec;
	const past = before?.history ?? History.empty;
	return {
		...row,
		fields,
		...(perCpu ? {perCpu} : {}),
		primary,
		history: rate === undefined ? past : past.push(rate),
		isNew: hadBaseline && before === undefined,
	};
}

function change(field: Field, before: Field | undefined, intervalSec: number): FieldValue {
	const sameField = before && before.name === field.name ? before : undefined;
	return withDelta(field, counterDelta(sameField?.reading, field.reading, field.bits), intervalSec);
}

function withDelta(field: Field, delta: number | undefined, intervalSec: number): FieldValue {
	const rate = ratePerSec(delta, intervalSec);
	return {...field, ...(delta === undefined ? {} : {delta}), ...(rate === undefined ? {} : {ratePerSec: rate})};
}

function fieldNamesOf(rows: readonly MapValueRow[]): string[] {
	const names: string[] = [];
	for (const row of rows.slice(0, 100)) for (const field of row.fields) if (!names.includes(field.name)) names.push(field.name);
	return names;
}
