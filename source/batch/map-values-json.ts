// The `map_values` key of the --json document: the map as `map show` lists it, and its entries with
// their bytes (as bpftool prints them), the BTF-formatted value, change and rate. A million entries
// are hundreds of MB of JSON: they are written in chunks as they are made, never held as one string
// or one object per entry. Entries of the common big map (one integer per key, no per-CPU copies)
// are written straight from the typed arrays; the others go through the value table's rows.
import {keyBytes} from '../model/map-bytes.js';
import type {MapContents} from '../snapshot/map-contents.js';
import type {FieldValue} from '../model/map-rows.js';
import {formattedJson, formattedPerCpu, valueRow} from '../model/map-rows.js';
import {rowEntry, isNewRow, type MapValues} from '../model/map-values.js';
import {safeJson} from './safe-json.js';

const hexByte = Array.from({length: 256}, (_, byte) => `"0x${byte.toString(16).padStart(2, '0')}"`);

function hexJson(bytes: Uint8Array): string {
	let text = '[';
	for (let index = 0; index < bytes.length; index++) text += (index === 0 ? '' : ',') + hexByte[bytes[index]!];
	return `${text}]`;
}

function round(value: number | undefined, digits = 3): number | null {
	if (value === undefined || Number.isNaN(value)) return null;
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

/** One entry through the value table's row: every kind of map. */
function entryJson(values: MapValues, index: number): string {
	const contents = values.contents!;
	const row = valueRow(values, index);
	const entry = rowEntry(values, index);
	const stride = contents.cpus * contents.cpuStride;
	const primary = row.fields[row.primary];
	const formatted = formattedJson(values, index);
	const perCpuFormatted = row.perCpu ? formattedPerCpu(values, index) : [];
	return safeJson({
		key: JSON.parse(hexJson(keyBytes(contents, entry))) as string[],
		key_text: row.keyText,
		...(row.variable === undefined ? {} : {variable: row.variable}),
		...(contents.cpus === 1 && row.error === undefined ? {value: JSON.parse(hexJson(contents.values.subarray(entry * stride, entry * stride + contents.valueSize))) as string[]} : {}),
		...(row.error === undefined ? {} : {error: row.error}),
		...(formatted === undefined ? {} : {formatted}),
		value_text: row.fields.map(field => (field.name ? `${field.name}=${field.text}` : field.text)).join(' '),
		delta: round(primary?.delta),
		rate_per_sec: round(primary?.ratePerSec),
		fields: fieldsJson(row.fields),
		...(row.perCpu
			? {
					per_cpu: row.perCpu.map(cpu => ({
						cpu: cpu.cpu,
						value: JSON.parse(hexJson(contents.values.subarray(entry * stride + cpu.cpu * contents.cpuStride, entry * stride + cpu.cpu * contents.cpuStride + contents.valueSize))) as string[],
						...(perCpuFormatted[cpu.cpu] === undefined ? {} : {formatted: perCpuFormatted[cpu.cpu]}),
						fields: fieldsJson(cpu.fields),
					})),
				}
			: {}),
		new: row.isNew,
	});
}

/** Whether every entry is one plain integer under a plain integer key: written without row objects. */
function plainIntegers(values: MapValues): boolean {
	const contents = values.contents!;
	const locator = values.layout.parts[0]?.locator;
	const key = contents.btf?.key;
	const value = contents.btf?.value;
	return (
		values.layout.parts.length === 1 &&
		contents.cpus === 1 &&
		contents.valueIs === undefined &&
		values.layout.histogram === undefined &&
		values.layout.keyOrder === 'number' &&
		[1, 2, 4, 8].includes(contents.keySize) &&
		(key === undefined || (key.kind === 'int' && key.bits === undefined && key.bool !== true && key.charEncoding !== true)) &&
		(value === undefined || (value.kind === 'int' && value.bits === undefined && value.bool !== true && value.charEncoding !== true)) &&
		locator !== undefined &&
		locator.name === '' &&
		locator.float !== true &&
		locator.count === undefined &&
		locator.size === contents.valueSize
	);
}

function integerText(bytes: Uint8Array, offset: number, size: number, signed: boolean): string {
	// Up to 6 bytes fit a double exactly; wider values go through BigInt.
	if (size <= 6 && !signed) {
		let value = 0;
		for (let index = size - 1; index >= 0; index--) value = value * 256 + bytes[offset + index]!;
		return String(value);
	}

	let value = 0n;
	for (let index = size - 1; index >= 0; index--) value = (value << 8n) | BigInt(bytes[offset + index]!);
	return (signed ? BigInt.asIntN(size * 8, value) : value).toString();
}

/** An integer as JSON: a number while exact, else its digits as a string. */
function integerJson(text: string): string {
	return Math.abs(Number(text)) <= Number.MAX_SAFE_INTEGER ? text : `"${text}"`;
}

function plainEntryJson(values: MapValues, row: number, contents: MapContents): string {
	const {keySize, valueSize} = contents;
	const keyText = integerText(contents.keys, row * keySize, keySize, contents.btf?.key?.kind === 'int' && contents.btf.key.signed);
	const signed = contents.btf?.value?.kind === 'int' && contents.btf.value.signed;
	const text = integerText(contents.values, row * valueSize, valueSize, signed);
	const value = integerJson(text);
	const delta = JSON.stringify(round(values.delta[row]));
	const rate = JSON.stringify(round(values.rate[row]));
	// bpftool prints a u64 in full digits; JSON.parse reads them as the nearest double, as here.
	const formatted = contents.btf?.value ? `,"formatted":${Number(text)}` : '';
	return (
		`{"key":${hexJson(contents.keys.subarray(row * keySize, (row + 1) * keySize))},"key_text":"${keyText}","value":${hexJson(contents.values.subarray(row * valueSize, (row + 1) * valueSize))}${formatted}` +
		`,"value_text":"${text}","delta":${delta},"rate_per_sec":${rate},"fields":[{"name":"","value":${value},"text":"${text}","delta":${delta},"rate_per_sec":${rate}}],"new":${isNewRow(values, row)}}`
	);
}

/** map_values without its entries (they are streamed after it: writeMapValuesJson). */
export function mapValuesHead(values: MapValues) {
	return {
		...(values.map ?? {id: values.mapId}),
		status: values.status,
		...(values.reason === undefined ? {} : {reason: values.reason}),
		...(values.contents?.truncated ? {truncated: true} : {}),
		interval_s: round(values.intervalSec, 6),
		entry_count: values.rowCount,
		removed: values.removed,
	};
}

/** Writes the entries array, in chunks of about a megabyte. */
export function writeEntriesJson(values: MapValues, write: (text: string) => void): void {
	const contents = values.contents;
	if (!contents) {
		write('[]');
		return;
	}

	const plain = plainIntegers(values);
	let chunk = '[';
	for (let row = 0; row < values.rowCount; row++) {
		chunk += (row === 0 ? '' : ',') + (plain && !contents.errors?.has(row) ? plainEntryJson(values, row, contents) : entryJson(values, row));
		if (chunk.length > 1_000_000) {
			write(chunk);
			chunk = '';
		}
	}

	write(`${chunk}]`);
}

/** Marks where the entries go in a document made with JSON.stringify. */
const entriesMark = '\u0000entries\u0000';

/** A --json document with map_values, its entries streamed in place; one line. */
export function writeJsonDocument(document: Record<string, unknown>, values: MapValues | undefined, write: (text: string) => void): void {
	if (!values) {
		write(`${safeJson(document)}\n`);
		return;
	}

	const text = safeJson({...document, map_values: {...mapValuesHead(values), entries: entriesMark}});
	const mark = JSON.stringify(entriesMark);
	const at = text.indexOf(mark);
	write(text.slice(0, at));
	writeEntriesJson(values, write);
	write(`${text.slice(at + mark.length)}\n`);
}
