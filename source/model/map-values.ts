// The value table's model: the last read of the map (raw bytes, map-contents.ts), the read before
// it, and for every row (an entry, or a variable of global data) its main number, change and rate
// in typed arrays, so the table can sort a million entries by rate. Rows become objects with text
// only when shown (map-rows.ts). Pure: (previous, snapshot) → next. Entries that appear are new for
// one refresh; entries that vanish are counted and dropped.
import type {BpfMap} from '../parse/map.js';
import {History} from './history.js';
import {KeyIndex, sameBytes} from './key-index.js';
import {valueLayout, type ValueLayout} from './map-layout.js';
import {fillRows} from './map-store.js';
import {formattedReadings} from './map-value-fields.js';
import {topRows} from './top-rows.js';
import type {MapContents, MapDump, Snapshot} from '../snapshot/snapshot.js';

/** Rows that keep a sparkline history: all of a small map, the hottest of a big one. */
export const historyRows = 4096;

export type MapValues = {
	readonly mapId: number;
	/** The map as `map show` lists it; undefined when it is gone. */
	readonly map?: BpfMap;
	readonly status: MapDump['status'];
	/** Why there are no fresh rows (skipped, error). */
	readonly reason?: string;
	/** The last good read (kept on screen while a read is skipped or fails). */
	readonly contents?: MapContents;
	/** The read before it: the baseline of the changes. */
	readonly previous?: MapContents;
	/** For each entry of contents, its index in previous, or -1 (new). */
	readonly beforeIndex?: Int32Array;
	readonly layout: ValueLayout;
	/** entries × parts. */
	readonly rowCount: number;
	/** Each row's main number (per-CPU values summed); NaN where the row has none. */
	readonly reading: Float64Array;
	/**
	 * Its change since the previous read; NaN where unknown (a first read, a new key). Per second it
	 * is delta / intervalSec (rateOf): every row of a read shares the interval, so rates order as
	 * changes do, and a million of them need no array of their own.
	 */
	readonly delta: Float64Array;
	/** Rows whose key appeared since the previous read. */
	readonly fresh: number;
	/** Entries dropped at this read because their key vanished. */
	readonly removed: number;
	/** When the entries were read, and the interval their changes span. */
	readonly timeNs: bigint;
	readonly intervalSec: number;
	/** Rates of the main number over the last reads, by row id, for the rows that keep one. */
	readonly histories: ReadonlyMap<string, History>;
	/** CPU time the last read took, and refreshes since it (reads are paced: collect/map-dump.ts). */
	readonly readCpuMs: number;
	readonly keptFor: number;
	/** Finds entries by key (built on first use: the next read needs it only when keys moved). */
	readonly keyIndex: () => KeyIndex;
	readonly keyHolder: IndexHolder;
};

/** A key index, made on first use over the read whose keys it indexes. */
type IndexHolder = {readonly contents: Pick<MapContents, 'keys' | 'keySize' | 'count'>; index?: KeyIndex};

const emptyLayout: ValueLayout = {parts: [{}], keyOrder: 'number', source: 'raw'};
const none = new Float64Array(0);

/** A row's change per second over the read's interval; NaN without one. */
export function rateOf(values: MapValues, row: number): number {
	return values.intervalSec > 0 ? values.delta[row]! / values.intervalSec : Number.NaN;
}

export function rowEntry(values: MapValues, row: number): number {
	return Math.floor(row / values.layout.parts.length);
}

export function rowPart(values: MapValues, row: number): number {
	return row % values.layout.parts.length;
}

/** A row's identity across reads: its key's bytes in hex, plus the variable for global data. */
export function rowId(values: MapValues, row: number): string {
	const {contents, layout} = values;
	if (!contents) return '';
	const entry = rowEntry(values, row);
	const key = Buffer.from(contents.keys.buffer, contents.keys.byteOffset + entry * contents.keySize, contents.keySize).toString('hex');
	const variable = layout.parts[rowPart(values, row)]?.variable;
	return variable === undefined ? key : `${key}/${variable}`;
}

/** Whether the row's key appeared at this read. */
export function isNewRow(values: MapValues, row: number): boolean {
	return values.previous !== undefined && values.beforeIndex !== undefined && values.beforeIndex[rowEntry(values, row)] === -1;
}

/** Entries worked through between two turns of the event loop (mapValuesSteps). */
export const stepEntries = 100_000;

export function advanceMapValues(previous: MapValues | undefined, snapshot: Snapshot): MapValues | undefined {
	const steps = mapValuesSteps(previous, snapshot);
	for (;;) {
		const step = steps.next();
		if (step.done) return step.value;
	}
}

/**
 * advanceMapValues in steps of about `stepEntries` entries: the caller that owns time (the monitor)
 * gives the event loop a turn at each yield, so a million entries never hold a key for 100 ms. Pure:
 * the steps only split the same work.
 */
export function* mapValuesSteps(previous: MapValues | undefined, snapshot: Snapshot): Generator<void, MapValues | undefined> {
	const dump = snapshot.mapDump;
	if (!dump) return undefined;
	const map = snapshot.maps.find(candidate => candidate.id === dump.mapId);
	// Another map, or the same id now naming another map: start over.
	const before = previous && previous.mapId === dump.mapId && sameMap(previous.map, map) ? previous : undefined;
	if (dump.status === 'kept') {
		if (before) return {...before, map, keptFor: before.keptFor + 1};
		return {...emptyValues(dump.mapId, snapshot.timeNs), map, status: 'skipped', reason: 'not read yet'};
	}

	if (dump.status !== 'ok') {
		// Keep the last good rows on screen (and as the baseline) while the read is skipped or failing.
		return before
			? {...before, map, status: dump.status, reason: dump.reason, fresh: 0, removed: 0, intervalSec: 0}
			: {...emptyValues(dump.mapId, snapshot.timeNs), map, status: dump.status, reason: dump.reason};
	}

	const {contents} = dump;
	const layout = valueLayout(contents, map?.name);
	const baseline = before?.contents && sameShape(before, contents, layout) ? before : undefined;
	const intervalSec = baseline ? Number(dump.timeNs - baseline.timeNs) / 1e9 : 0;
	const big = contents.count > stepEntries;
	const beforeIndex = baseline?.contents ? matchEntries(baseline, contents) : undefined;
	if (big) yield;
	const rowCount = contents.count * layout.parts.length;
	const reading = new Float64Array(rowCount);
	const delta = new Float64Array(rowCount);
	if (layout.source === 'formatted') formattedReadings(contents, layout, baseline?.contents, beforeIndex, reading, delta);
	else {
		const locators = layout.parts.map(part => part.locator);
		for (let from = 0; from < contents.count; from += stepEntries) {
			if (from > 0) yield;
			fillRows(contents, locators, baseline?.contents, beforeIndex, reading, delta, from, Math.min(contents.count, from + stepEntries));
		}
	}

	let matched = 0;
	let inPlace = 0;
	if (beforeIndex) {
		for (let entry = 0; entry < beforeIndex.length; entry++) {
			const index = beforeIndex[entry]!;
			if (index >= 0) matched++;
			if (index === entry) inPlace++;
		}
	}

	const fresh = beforeIndex ? contents.count - matched : 0;
	// Same keys in the same places as the last read (an array, a quiet hash): its index still holds.
	const reuse = baseline && inPlace === contents.count && baseline.contents!.count === contents.count;
	// Shared with the last read while keys stay in place; never a reference to the last MapValues
	// itself (a chain of them would keep every read alive).
	const holder: IndexHolder = reuse ? baseline.keyHolder : {contents};
	const values: MapValues = {
		mapId: dump.mapId,
		map,
		status: 'ok',
		contents,
		...(baseline?.contents ? {previous: baseline.contents, beforeIndex} : {}),
		layout,
		rowCount,
		reading,
		delta,
		fresh: fresh * layout.parts.length,
		removed: baseline?.contents ? baseline.contents.count - matched : 0,
		timeNs: dump.timeNs,
		intervalSec,
		readCpuMs: dump.cpuMs ?? 0,
		keptFor: 0,
		histories: new Map(),
		keyHolder: holder,
		keyIndex: () => (holder.index ??= new KeyIndex(holder.contents.keys, holder.contents.keySize, holder.contents.count)),
	};
	if (big) yield;
	return {...values, histories: nextHistories(values, baseline?.histories)};
}

function emptyValues(mapId: number, timeNs: bigint): MapValues {
	const keyHolder: IndexHolder = {contents: {keys: new Uint8Array(), keySize: 0, count: 0}};
	keyHolder.index = new KeyIndex(keyHolder.contents.keys, 0, 0);
	const index = keyHolder.index;
	return {mapId, status: 'ok', layout: emptyLayout, rowCount: 0, reading: none, delta: none, fresh: 0, removed: 0, timeNs, intervalSec: 0, readCpuMs: 0, keptFor: 0, histories: new Map(), keyHolder, keyIndex: () => index};
}

function sameMap(a: BpfMap | undefined, b: BpfMap | undefined): boolean {
	return !a || !b || (a.type === b.type && a.name === b.name);
}

/** Reads whose rows can be compared: the same sizes, the same rows per entry. */
function sameShape(before: MapValues, contents: MapContents, layout: ValueLayout): boolean {
	const old = before.contents!;
	return old.keySize === contents.keySize && old.valueSize === contents.valueSize && old.cpus === contents.cpus && before.layout.parts.length === layout.parts.length;
}

/** Each entry's index in the previous read: the same place when the key is there, else by the key index. */
function matchEntries(before: MapValues, contents: MapContents): Int32Array {
	const old = before.contents!;
	const {keySize} = contents;
	const indices = new Int32Array(contents.count);
	let keyIndex: KeyIndex | undefined;
	for (let entry = 0; entry < contents.count; entry++) {
		const offset = entry * keySize;
		if (entry < old.count && sameBytes(contents.keys, offset, old.keys, offset, keySize)) indices[entry] = entry;
		else indices[entry] = (keyIndex ??= before.keyIndex()).find(contents.keys, offset);
	}

	return indices;
}

/** Pushes this read's rate onto the histories of the rows that keep one (the hottest, in a big map). */
function nextHistories(values: MapValues, past: ReadonlyMap<string, History> | undefined): Map<string, History> {
	const next = new Map<string, History>();
	if (values.intervalSec <= 0) {
		// No rate yet (a first read, a read after a gap): keep what there was for the rows still here.
		if (past) for (let row = 0; row < Math.min(values.rowCount, historyRows); row++) carry(next, past, rowId(values, row));
		return next;
	}

	const rows = values.rowCount <= historyRows ? undefined : topRows(values.rowCount, historyRows, (a, b) => byChange(values.delta, a, b));
	const count = rows ? rows.length : values.rowCount;
	for (let position = 0; position < count; position++) {
		const row = rows ? rows[position]! : position;
		const rate = rateOf(values, row);
		if (Number.isNaN(rate)) continue;
		const id = rowId(values, row);
		next.set(id, (past?.get(id) ?? History.empty).push(rate));
	}

	return next;
}

function carry(next: Map<string, History>, past: ReadonlyMap<string, History>, id: string): void {
	const history = past.get(id);
	if (history) next.set(id, history);
}

/** Highest change (so rate) first; rows without one last. */
function byChange(delta: Float64Array, a: number, b: number): number {
	const x = delta[a]!;
	const y = delta[b]!;
	if (Number.isNaN(x)) return Number.isNaN(y) ? a - b : 1;
	if (Number.isNaN(y)) return -1;
	return y - x || a - b;
}
