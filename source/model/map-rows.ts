// One row of the value table as text, made only for the rows on screen (and for batch output):
// the key through BTF, as text or as a number; the value's fields with their change and rate,
// per CPU for per-CPU maps; the row's history. Values go through format.ts exactly as bpftool's
// `formatted` shows them; every kernel string is sanitised on the way (map-value-fields.ts).
import type {MapContents} from '../snapshot/map-contents.js';
import {keyBytes} from './map-bytes.js';
import {formatBtf, type Json} from '../btf/format.js';
import {isRecord} from '../parse/map-dump.js';
import {counterDelta, ratePerSec} from './counter-delta.js';
import {bucketLabel} from './histogram.js';
import {History} from './history.js';
import {hexText, keyText, sumParts, valueParts, type Field, type ValuePart} from './map-value-fields.js';
import {isNewRow, rateOf, rowEntry, rowId, rowPart, type MapValues} from './map-values.js';
import {sanitize} from './sanitize.js';

export type FieldValue = Field & {
	readonly delta?: number;
	readonly ratePerSec?: number;
};

export type CpuRow = {
	readonly cpu: number;
	readonly fields: readonly FieldValue[];
};

export type MapValueRow = {
	/** The row's index in MapValues (entry × parts + part). */
	readonly row: number;
	/** Stable identity across refreshes: the key's bytes, plus the variable for global data. */
	readonly id: string;
	readonly keyText: string;
	readonly keyHex: string;
	readonly variable?: string;
	readonly fields: readonly FieldValue[];
	/** Index of the field whose delta, rate and history the row shows (its main number); -1 if none. */
	readonly primary: number;
	/** Rates of the main field over the last refreshes, oldest first. */
	readonly history: History;
	readonly perCpu?: readonly CpuRow[];
	/** Appeared since the previous read. */
	readonly isNew: boolean;
	/** The value could not be read (bpftool's per-entry error). */
	readonly error?: string;
	/** For a bpftrace histogram: the bucket this entry counts, and the key before it. */
	readonly bucket?: {readonly index: number; readonly label: string; readonly group: string};
};

export type RowOptions = {
	/** Keys and values as hex bytes (the `x` key). */
	readonly hex?: boolean;
};

/** The formatted key and value(s) of an entry: through the map's BTF, or bpftool's (fallback). */
function formattedOf(contents: MapContents, entry: number): {key?: unknown; values: unknown[]} {
	const stride = contents.cpus * contents.cpuStride;
	const copies = Array.from({length: contents.cpus}, (_, cpu) => contents.values.subarray(entry * stride + cpu * contents.cpuStride, entry * stride + cpu * contents.cpuStride + contents.valueSize));
	const {btf} = contents;
	if (btf?.value) {
		return {...(btf.key ? {key: formatBtf(btf.key, keyBytes(contents, entry))} : {}), values: copies.map(bytes => formatBtf(btf.value!, bytes))};
	}

	const formatted = contents.formatted?.[entry];
	if (!isRecord(formatted)) return {values: []};
	const values = Array.isArray(formatted['values']) ? (formatted['values'] as unknown[]).map(item => (isRecord(item) ? item['value'] : undefined)) : 'value' in formatted ? [formatted['value']] : [];
	return {...('key' in formatted ? {key: formatted['key']} : {}), values};
}

/** The value's parts, per CPU for per-CPU maps (summed into the entry's parts). */
function entryParts(contents: MapContents, entry: number, hex: boolean): {parts: ValuePart[]; perCpu?: ValuePart[][]} {
	const formatted = hex ? {values: []} : formattedOf(contents, entry);
	const stride = contents.cpus * contents.cpuStride;
	const copy = (cpu: number) => contents.values.subarray(entry * stride + cpu * contents.cpuStride, entry * stride + cpu * contents.cpuStride + contents.valueSize);
	const partsOf = (cpu: number): ValuePart[] => (hex ? [{fields: [{name: '', text: hexText(copy(cpu), 64)}]}] : valueParts(copy(cpu), formatted.values[cpu], contents.valueIs));
	if (contents.cpus === 1) return {parts: partsOf(0)};
	const perCpu = Array.from({length: contents.cpus}, (_, cpu) => partsOf(cpu));
	return {parts: hex ? perCpu[0]! : sumParts(perCpu), perCpu};
}

export function valueRow(values: MapValues, row: number, options: RowOptions = {}): MapValueRow {
	const contents = values.contents!;
	const entry = rowEntry(values, row);
	const part = rowPart(values, row);
	const key = keyBytes(contents, entry);
	const keyHex = hexText(key, 64);
	const hex = options.hex === true;
	const variable = values.layout.parts[part]?.variable;
	const id = rowId(values, row);
	const error = contents.errors?.get(entry);
	const history = values.histories.get(id) ?? History.empty;
	const base = {row, id, keyHex, ...(variable === undefined ? {} : {variable}), history, isNew: isNewRow(values, row)};
	const bucket = bucketOf(values, key);
	const shownKey = variable ?? (hex ? keyHex : bucket ? `${bucket.group ? `${bucket.group} ` : ''}${bucket.label}` : keyText(key, formattedOf(contents, entry).key));
	if (error !== undefined) return {...base, keyText: shownKey, fields: [{name: '', text: `(${sanitize(error)})`}], primary: -1, error: sanitize(error)};

	const now = entryParts(contents, entry, hex);
	const before = values.beforeIndex?.[entry] ?? -1;
	const then = before >= 0 && values.previous && !values.previous.errors?.has(before) && !hex ? entryParts(values.previous, before, false) : undefined;
	const interval = values.intervalSec;
	const perCpu = now.perCpu?.map((parts, cpu) => ({cpu, fields: withChanges(parts[part]?.fields ?? [], then?.perCpu?.[cpu]?.[part]?.fields, interval)}));
	let fields = withChanges(now.parts[part]?.fields ?? [], then?.parts[part]?.fields, interval);
	const locator = values.layout.parts[part]?.locator;
	let primary = locator ? fields.findIndex(field => field.name === locator.name) : fields.findIndex(field => field.reading !== undefined);
	if (locator?.count !== undefined) {
		// A histogram's slots are one text field: its main number is their total.
		fields = [{name: 'total', text: String(values.reading[row]), reading: {number: values.reading[row]!}}, ...fields];
		primary = 0;
	}

	// The main field's change is the store's (per-CPU sums, exact u64 halves), so sorting and the screen agree.
	if (primary >= 0) {
		const delta = values.delta[row]!;
		fields = fields.map((field, index) => (index === primary ? {...field, ...(Number.isNaN(delta) ? {} : {delta, ratePerSec: rateOf(values, row)})} : field));
	}

	return {...base, keyText: shownKey, fields, primary: hex ? -1 : primary, ...(perCpu ? {perCpu} : {}), ...(bucket ? {bucket} : {})};
}

function withChanges(fields: readonly Field[], before: readonly Field[] | undefined, intervalSec: number): FieldValue[] {
	return fields.map((field, index) => {
		const old = before?.[index];
		const delta = old && old.name === field.name ? counterDelta(old.reading, field.reading, field.bits) : undefined;
		const rate = ratePerSec(delta, intervalSec);
		return {...field, ...(delta === undefined ? {} : {delta}), ...(rate === undefined ? {} : {ratePerSec: rate})};
	});
}

/** bpftrace hist()/lhist() keys end in a u64 bucket index, after the user's key (if any). */
function bucketOf(values: MapValues, key: Uint8Array): MapValueRow['bucket'] {
	const histogram = values.layout.histogram;
	if (!histogram || histogram.kind === 'slots' || key.length < 8) return undefined;
	const view = new DataView(key.buffer, key.byteOffset + key.length - 8, 8);
	const index = view.getUint32(4, true) * 2 ** 32 + view.getUint32(0, true);
	const prefix = key.subarray(0, key.length - 8);
	return {index, label: bucketLabel(histogram, index), group: prefix.length === 0 ? '' : keyText(prefix)};
}

/** The formatted value of one row as JSON (for --json): a global-data row's own variable. */
export function formattedJson(values: MapValues, row: number): Json | undefined {
	const contents = values.contents!;
	if (!contents.btf?.value && !contents.formatted) return undefined;
	const entry = rowEntry(values, row);
	const formatted = formattedOf(contents, entry);
	if (contents.cpus > 1) return undefined;
	const value = formatted.values[0];
	const variable = values.layout.parts[rowPart(values, row)]?.variable;
	if (variable === undefined || !isRecord(value)) return value as Json;
	const section = Object.values(value)[0];
	const item = Array.isArray(section) ? section.find(candidate => isRecord(candidate) && sanitize(Object.keys(candidate)[0] ?? '') === variable) : undefined;
	return (isRecord(item) ? Object.values(item)[0] : value) as Json;
}

/** Per-CPU formatted values (for --json), by CPU. */
export function formattedPerCpu(values: MapValues, row: number): unknown[] {
	const contents = values.contents!;
	if (!contents.btf?.value && !contents.formatted) return [];
	return formattedOf(contents, rowEntry(values, row)).values;
}
