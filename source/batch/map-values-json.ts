// The `map_values` key of the --json document: the map as `map show` lists it, and its entries with
// their bytes (as bpftool prints them), the BTF-formatted value, change and rate.
import type {FieldValue, MapValueRow, MapValues} from '../model/map-values.js';
import {isRecord} from '../parse/map-dump.js';

const hex = (bytes: Uint8Array) => [...bytes].map(byte => `0x${byte.toString(16).padStart(2, '0')}`);

function round(value: number | undefined, digits = 3): number | null {
	if (value === undefined) return null;
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

/** Exact integers stay numbers while JSON can hold them; beyond 2^53 they become strings. */
function fieldValue(field: FieldValue): number | string {
	const exact = field.reading?.exact;
	if (exact !== undefined) return exact <= BigInt(Number.MAX_SAFE_INTEGER) && exact >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(exact) : exact.toString();
	return field.reading ? field.reading.number : field.text;
}

function fieldsJson(fields: readonly FieldValue[]) {
	return fields.map(field => ({name: field.name, value: fieldValue(field), text: field.text, delta: round(field.delta), rate_per_sec: round(field.ratePerSec)}));
}

/** A global-data row's own part of bpftool's formatted section. */
function formattedOf(row: MapValueRow, formatted: unknown): unknown {
	if (row.variable === undefined || !isRecord(formatted)) return formatted;
	const section = Object.values(formatted)[0];
	const variable = Array.isArray(section) ? section.find(item => isRecord(item) && Object.keys(item)[0] !== undefined && row.variable === Object.keys(item)[0]) : undefined;
	return isRecord(variable) ? Object.values(variable)[0] : formatted;
}

function entryJson(row: MapValueRow) {
	const {entry} = row;
	const primary = row.fields[row.primary];
	return {
		key: hex(entry.key),
		key_text: row.keyText,
		...(row.variable === undefined ? {} : {variable: row.variable}),
		...(entry.value ? {value: hex(entry.value)} : {}),
		...(entry.formattedValue === undefined ? {} : {formatted: formattedOf(row, entry.formattedValue)}),
		value_text: row.fields.map(field => (field.name ? `${field.name}=${field.text}` : field.text)).join(' '),
		delta: round(primary?.delta),
		rate_per_sec: round(primary?.ratePerSec),
		fields: fieldsJson(row.fields),
		...(row.perCpu
			? {
					per_cpu: row.perCpu.map((cpu, index) => ({
						cpu: cpu.cpu,
						value: hex(entry.perCpu?.[index]?.bytes ?? new Uint8Array()),
						...(entry.perCpu?.[index]?.formatted === undefined ? {} : {formatted: entry.perCpu[index]!.formatted}),
						fields: fieldsJson(cpu.fields),
					})),
				}
			: {}),
		new: row.isNew,
	};
}

export function mapValuesJson(values: MapValues) {
	return {
		...(values.map ?? {id: values.mapId}),
		status: values.status,
		...(values.reason === undefined ? {} : {reason: values.reason}),
		interval_s: round(values.intervalSec, 6),
		entry_count: values.rows.length,
		removed: values.removed,
		entries: values.rows.map(entryJson),
	};
}
