// A map entry as something to show and to count: its key as text, its value as named fields.
// With BTF, bpftool's `formatted` value is flattened into fields (a struct gives one field per member,
// a global-data section one row per variable); without BTF, the bytes are read as little-endian
// integers of the value size. All kernel text is sanitised here.
import type {MapContents} from '../snapshot/map-contents.js';
import {entryStride} from './map-bytes.js';
import {isRecord} from '../parse/map-dump.js';
import {counterDelta, type Reading} from './counter-delta.js';
import type {ValueLayout} from './map-layout.js';
import {sanitize} from './sanitize.js';
import {paddedText} from './text-bytes.js';

export type Field = {
	/** Member path ("packets", "stats.bytes", "[1]"); '' for a plain scalar value. */
	readonly name: string;
	readonly text: string;
	readonly reading?: Reading;
	/** The value's width when known (plain scalars), for counter wrap. */
	readonly bits?: number;
};

/** One value as rows: usually one, one per variable for a global-data section (.bss, .data, .rodata). */
export type ValuePart = {
	readonly variable?: string;
	readonly fields: readonly Field[];
};

/** Members beyond this many are summarised in one text field, so a wide struct cannot flood a row. */
const maxFields = 16;

export function hexText(bytes: Uint8Array, max = 32): string {
	const shown = [...bytes.subarray(0, max)].map(byte => byte.toString(16).padStart(2, '0')).join(' ');
	return bytes.length > max ? `${shown} …` : shown;
}

export function littleEndian(bytes: Uint8Array, offset = 0, size = bytes.length): bigint {
	let value = 0n;
	for (let index = size - 1; index >= 0; index--) value = (value << 8n) | BigInt(bytes[offset + index] ?? 0);
	return value;
}

const scalarSizes = new Set([1, 2, 4, 8]);

/** A key as text: through BTF when the map has it, else a number, NUL-padded text, or hex bytes. */
export function keyText(key: Uint8Array, formattedKey?: unknown): string {
	if (formattedKey !== undefined) {
		if (typeof formattedKey === 'number') return String(formattedKey);
		const fields = flatten(formattedKey, '', []);
		return fields.map(field => (field.name ? `${field.name}=${field.text}` : field.text)).join(' ');
	}

	if (scalarSizes.has(key.length)) {
		const text = key.length === 8 ? paddedText(key, 'key') : undefined;
		return text === undefined ? littleEndian(key).toString() : sanitize(text);
	}

	const text = paddedText(key, 'key');
	return text === undefined ? hexText(key) : sanitize(text);
}

/** The value's parts from its formatted value (BTF), or from the bytes when there is none. */
export function valueParts(bytes: Uint8Array | undefined, formatted: unknown, valueIs?: 'map-id' | 'prog-id'): ValuePart[] {
	if (valueIs !== undefined && bytes && bytes.length >= 4) {
		const id = bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24);
		return [{fields: [{name: '', text: `${valueIs === 'map-id' ? 'map' : 'prog'} ${id >>> 0}`}]}];
	}
	if (formatted !== undefined) {
		const sections = datasecVariables(formatted);
		if (sections) {
			return sections.map(([variable, value]) => ({variable, fields: withScalarWidth(flatten(value, '', []), bytes, sections.length === 1)}));
		}

		return [{fields: withScalarWidth(flatten(formatted, '', []), bytes, true)}];
	}

	return [{fields: bytes ? rawFields(bytes) : []}];
}

/** Sums per-CPU parts field by field; per-CPU deltas are summed separately (each wraps on its own). */
export function sumParts(perCpu: ReadonlyArray<readonly ValuePart[]>): ValuePart[] {
	const first = perCpu[0] ?? [];
	return first.map((part, index) => ({
		...(part.variable === undefined ? {} : {variable: part.variable}),
		fields: part.fields.map((field, fieldIndex) => {
			const readings = perCpu.map(parts => parts[index]?.fields[fieldIndex]?.reading);
			if (readings.some(reading => reading === undefined)) return {name: field.name, text: field.text};
			const exact = readings.every(reading => reading!.exact !== undefined) ? readings.reduce((sum, reading) => sum + reading!.exact!, 0n) : undefined;
			const number = exact === undefined ? readings.reduce((sum, reading) => sum + reading!.number, 0) : Number(exact);
			return {name: field.name, text: exact === undefined ? String(number) : exact.toString(), reading: exact === undefined ? {number} : {number, exact}};
		}),
	}));
}

/** `{".bss": [{"counter": 1}, …]}` → [["counter", 1], …]; anything else → undefined. */
function datasecVariables(formatted: unknown): Array<[string, unknown]> | undefined {
	if (!isRecord(formatted)) return undefined;
	const names = Object.keys(formatted);
	if (names.length !== 1 || !names[0]!.startsWith('.')) return undefined;
	const variables = formatted[names[0]!];
	if (!Array.isArray(variables) || !variables.every(item => isRecord(item) && Object.keys(item).length === 1)) return undefined;
	return variables.map(item => {
		const [name, value] = Object.entries(item as Record<string, unknown>)[0]!;
		return [sanitize(name), value];
	});
}

function flatten(value: unknown, name: string, into: Field[]): Field[] {
	if (into.length >= maxFields) return into;
	if (typeof value === 'number') into.push({name, text: String(value), reading: {number: value}});
	else if (typeof value === 'string') into.push({name, text: sanitize(JSON.stringify(value))});
	else if (Array.isArray(value)) {
		// Long arrays (a histogram of 64 buckets) stay one field: as many columns would be unreadable.
		if (value.length > 8) into.push({name, text: sanitize(compact(value))});
		else value.forEach((item, index) => flatten(item, `${name}[${index}]`, into));
	} else if (isRecord(value)) {
		for (const [member, item] of Object.entries(value)) {
			if (into.length >= maxFields) {
				into.push({name: '…', text: 'more members'});
				break;
			}

			flatten(item, name ? `${name}.${sanitize(member)}` : sanitize(member), into);
		}
	} else into.push({name, text: sanitize(String(value))});
	return into;
}

function compact(value: unknown): string {
	const text = JSON.stringify(value);
	return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

/**
 * A plain scalar's width comes from the value size; its exact value from the bytes, since JSON
 * numbers lose precision beyond 2^53 (bpftool prints u64 values in full).
 */
function withScalarWidth(fields: Field[], bytes: Uint8Array | undefined, whole: boolean): Field[] {
	const only = fields[0];
	if (!whole || fields.length !== 1 || !only?.reading || !bytes || !scalarSizes.has(bytes.length)) return fields;
	const bits = bytes.length * 8;
	const unsigned = littleEndian(bytes);
	if (Number(unsigned) === only.reading.number) return [{...only, text: unsigned.toString(), reading: {number: only.reading.number, exact: unsigned}, bits}];
	return [{...only, bits}];
}

/** Without BTF: one little-endian integer of the value size, NUL-padded text, or a row of 64/32-bit words. */
function rawFields(bytes: Uint8Array): Field[] {
	if (scalarSizes.has(bytes.length)) return [integerField('', bytes, 0, bytes.length)];
	const text = paddedText(bytes, 'value');
	if (text !== undefined) return [{name: '', text: sanitize(JSON.stringify(text))}];
	const word = bytes.length % 8 === 0 ? 8 : bytes.length % 4 === 0 ? 4 : 0;
	const count = word === 0 ? 0 : bytes.length / word;
	if (word === 0 || count > 8) return [{name: '', text: hexText(bytes)}];
	return Array.from({length: count}, (_, index) => integerField(`[${index}]`, bytes, index * word, word));
}

function integerField(name: string, bytes: Uint8Array, offset: number, size: number): Field {
	const exact = littleEndian(bytes, offset, size);
	return {name, text: exact.toString(), reading: {number: Number(exact), exact}, bits: size * 8};
}

/**
 * Readings and changes for the bpftool fallback, which has formatted JSON per entry and no types:
 * each row's main number is the first number of its fields (a few thousand entries at most).
 */
export function formattedReadings(contents: MapContents, layout: ValueLayout, previous: MapContents | undefined, beforeIndex: Int32Array | undefined, reading: Float64Array, delta: Float64Array): void {
	const parts = layout.parts.length;
	reading.fill(Number.NaN);
	delta.fill(Number.NaN);
	const firstNumbers = (read: MapContents, entry: number, cpu: number): Array<Field | undefined> => {
		const formatted = read.formatted?.[entry];
		const copies = isRecord(formatted) && Array.isArray(formatted['values']) ? (formatted['values'] as unknown[]) : undefined;
		const copy = copies?.find(item => isRecord(item) && item['cpu'] === cpu);
		const value = copies ? (isRecord(copy) ? copy['value'] : undefined) : isRecord(formatted) ? formatted['value'] : undefined;
		const start = entry * entryStride(read) + cpu * read.cpuStride;
		return valueParts(read.values.subarray(start, start + read.valueSize), value).map(part => part.fields.find(field => field.reading));
	};

	for (let entry = 0; entry < contents.count; entry++) {
		if (contents.errors?.has(entry)) continue;
		const before = beforeIndex && previous ? beforeIndex[entry]! : -1;
		for (let cpu = 0; cpu < contents.cpus; cpu++) {
			const now = firstNumbers(contents, entry, cpu);
			const then = before >= 0 ? firstNumbers(previous!, before, cpu) : [];
			for (let part = 0; part < parts; part++) {
				const field = now[part];
				const row = entry * parts + part;
				if (!field?.reading) continue;
				reading[row] = (cpu === 0 ? 0 : reading[row]!) + field.reading.number;
				const moved = counterDelta(then[part]?.reading, field.reading, field.bits);
				if (moved !== undefined && (cpu === 0 || !Number.isNaN(delta[row]!))) delta[row] = (cpu === 0 ? 0 : delta[row]!) + moved;
			}
		}
	}
}
