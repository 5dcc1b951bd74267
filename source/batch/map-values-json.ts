// The `map_values` key of the --json document: the map as `map show` lists it, and its entries with
// their bytes (as bpftool prints them), the BTF-formatted value, change and rate. A million entries
// are hundreds of MB of JSON: they are written in chunks as they are made, never held as one string
// or one object per entry. Entries of the common big map (one integer per key, no per-CPU copies)
// are written straight from the typed arrays; the others go through the value table's rows.
import {keyBytes} from '../model/map-bytes.js';
import type {MapContents} from '../snapshot/map-contents.js';
import type {FieldValue} from '../model/map-rows.js';
import {formattedJson, formattedPerCpu, valueRow} from '../model/map-rows.js';
import {rateOf, rowEntry, type MapValues} from '../model/map-values.js';
import {ascii, ByteWriter, copyInto, digitsInto, hexListInto} from './byte-writer.js';
import {safeJson} from './safe-json.js';

/** Where output goes: text, or bytes already encoded (a million entries are written as bytes). */
export type Write = (chunk: string | Uint8Array) => void;

const hexText = Array.from({length: 256}, (_, byte) => `0x${byte.toString(16).padStart(2, '0')}`);

/** Bytes as bpftool prints them: ["0x2a", …]. */
const hexArray = (bytes: Uint8Array): string[] => Array.from(bytes, byte => hexText[byte]!);

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
		key: hexArray(keyBytes(contents, entry)),
		key_text: row.keyText,
		...(row.variable === undefined ? {} : {variable: row.variable}),
		...(contents.cpus === 1 && row.error === undefined ? {value: hexArray(contents.values.subarray(entry * stride, entry * stride + contents.valueSize))} : {}),
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
						value: hexArray(contents.values.subarray(entry * stride + cpu.cpu * contents.cpuStride, entry * stride + cpu.cpu * contents.cpuStride + contents.valueSize)),
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

/**
 * The integer of `size` bytes at `offset` as JSON text bytes into `into` (digits; beyond 2^53 a
 * string, like fieldValue), and whether it is a plain number. Made once per entry, written four times.
 */
function integerBytes(bytes: Uint8Array, offset: number, size: number, signed: boolean, into: Scratch): void {
	const top = bytes[offset + size - 1]!;
	// Below 2^53 a double is exact (nearly every counter); wider or negative values go through BigInt.
	if ((size <= 6 || (top === 0 && bytes[offset + 6]! < 0x20)) && (!signed || top < 0x80)) {
		let value = 0;
		for (let index = size - 1; index >= 0; index--) value = value * 256 + bytes[offset + index]!;
		into.length = digitsInto(value, into.bytes);
		into.safe = true;
		return;
	}

	let value = 0n;
	for (let index = size - 1; index >= 0; index--) value = (value << 8n) | BigInt(bytes[offset + index]!);
	const exact = signed ? BigInt.asIntN(size * 8, value) : value;
	into.safe = exact <= BigInt(Number.MAX_SAFE_INTEGER) && exact >= BigInt(Number.MIN_SAFE_INTEGER);
	into.length = into.bytes.write(exact.toString(), 0, 'latin1');
}

type Scratch = {readonly bytes: Buffer; length: number; safe: boolean};

function scratch(): Scratch {
	return {bytes: Buffer.alloc(32), length: 0, safe: true};
}

const quote = ascii('"');
const comma = ascii(',');
/** The fixed text between an entry's values (the quotes of key_text, value_text and text included; the field's delta and rate use the entry's pieces). */
const piece = {
	key: ascii('{"key":['),
	keyText: ascii('],"key_text":"'),
	value: ascii('","value":['),
	formatted: ascii('],"formatted":'),
	valueTextAfterHex: ascii('],"value_text":"'),
	valueText: ascii(',"value_text":"'),
	delta: ascii('","delta":'),
	rate: ascii(',"rate_per_sec":'),
	fields: ascii(',"fields":[{"name":"","value":'),
	text: ascii(',"text":"'),
	isNew: ascii('}],"new":'),
	yes: ascii('true}'),
	no: ascii('false}'),
};
/** A change or rate as --json rounds it (3 decimals), or null, as text bytes into `into` (written twice per entry). */
function roundedBytes(value: number, into: Scratch): void {
	into.safe = true;
	if (Number.isNaN(value)) {
		into.length = into.bytes.write('null', 0, 'latin1');
		return;
	}

	const rounded = Math.round(value * 1000) / 1000;
	into.length = Number.isInteger(rounded) && Math.abs(rounded) <= Number.MAX_SAFE_INTEGER ? digitsInto(rounded, into.bytes) : into.bytes.write(String(rounded), 0, 'latin1');
}

/** Writes one entry of a plain integer map; made once per map, with what every entry shares worked out. */
function plainEntryWriter(out: ByteWriter, values: MapValues, contents: MapContents): (row: number) => void {
	const {keySize, valueSize, keys} = contents;
	const keySigned = contents.btf?.key?.kind === 'int' && contents.btf.key.signed;
	const valueSigned = contents.btf?.value?.kind === 'int' && contents.btf.value.signed;
	const formatted = contents.btf?.value !== undefined;
	const {beforeIndex, previous, delta, reading} = values;
	const key = scratch();
	const value = scratch();
	const change = scratch();
	const perSecond = scratch();
	const readingText = scratch();
	const pieces = Object.values(piece).reduce((sum, bytes) => sum + bytes.length, 0);
	// The most one entry can take: the fixed text, the hex lists, and at most 32 bytes for each of the
	// nine numbers (digits, quotes, a sign). One reservation per entry, then plain stores.
	const most = pieces + 7 * (keySize + valueSize) + 9 * 34;
	/** `","delta":D,"rate_per_sec":R`: the entry's and its one field's, the same. */
	const changeAndRate = (buffer: Buffer, at: number): number => {
		let place = copyInto(buffer, at, piece.delta);
		place = copyInto(buffer, place, change.bytes, change.length);
		place = copyInto(buffer, place, piece.rate);
		return copyInto(buffer, place, perSecond.bytes, perSecond.length);
	};

	return row => {
		const at = row * valueSize;
		integerBytes(keys, row * keySize, keySize, keySigned, key);
		integerBytes(contents.values, at, valueSize, valueSigned, value);
		roundedBytes(delta[row]!, change);
		roundedBytes(rateOf(values, row), perSecond);
		// Below 2^53 the reading is the value itself: the same digits.
		const shown = value.safe ? value : numberBytes(reading[row]!, readingText);
		out.reserve(most);
		const {buffer} = out;
		let place = copyInto(buffer, out.at, piece.key);
		place = hexListInto(buffer, place, keys, row * keySize, keySize);
		place = copyInto(buffer, place, piece.keyText);
		place = copyInto(buffer, place, key.bytes, key.length);
		place = copyInto(buffer, place, piece.value);
		place = hexListInto(buffer, place, contents.values, at, valueSize);
		if (formatted) {
			// bpftool prints a u64 in full digits; JSON.parse reads them as the nearest double.
			place = copyInto(buffer, place, piece.formatted);
			place = copyInto(buffer, place, shown.bytes, shown.length);
			place = copyInto(buffer, place, piece.valueText);
		} else place = copyInto(buffer, place, piece.valueTextAfterHex);
		place = copyInto(buffer, place, value.bytes, value.length);
		place = changeAndRate(buffer, place);
		place = copyInto(buffer, place, piece.fields);
		if (!value.safe) buffer[place++] = 0x22;
		place = copyInto(buffer, place, value.bytes, value.length);
		if (!value.safe) buffer[place++] = 0x22;
		place = copyInto(buffer, place, piece.text);
		place = copyInto(buffer, place, value.bytes, value.length);
		place = changeAndRate(buffer, place);
		place = copyInto(buffer, place, piece.isNew);
		out.at = copyInto(buffer, place, previous !== undefined && beforeIndex?.[row] === -1 ? piece.yes : piece.no);
	};
}

/** A JSON number (an integer's digits, else its shortest text, or null), as text bytes into `into`. */
function numberBytes(number: number, into: Scratch): Scratch {
	into.safe = true;
	into.length =
		Number.isInteger(number) && Math.abs(number) <= Number.MAX_SAFE_INTEGER ? digitsInto(number, into.bytes) : into.bytes.write(Number.isFinite(number) ? String(number) : 'null', 0, 'latin1');
	return into;
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

/** Writes the entries array, in chunks of about a megabyte (`plain: false` writes every entry the general way: tests compare both). */
export function writeEntriesJson(values: MapValues, write: Write, {plain: allowPlain = true} = {}): void {
	const contents = values.contents;
	if (!contents) {
		write('[]');
		return;
	}

	const out = new ByteWriter(write);
	const plain = allowPlain && plainIntegers(values) ? plainEntryWriter(out, values, contents) : undefined;
	out.text('[');
	for (let row = 0; row < values.rowCount; row++) {
		if (row > 0) out.bytes(comma);
		if (plain && !contents.errors?.has(row)) plain(row);
		else out.text(entryJson(values, row));
	}

	out.text(']');
	out.flush();
}

/** Marks where the entries go in a document made with JSON.stringify. */
const entriesMark = '\u0000entries\u0000';

/** A --json document with map_values, its entries streamed in place; one line. */
export function writeJsonDocument(document: Record<string, unknown>, values: MapValues | undefined, write: Write): void {
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
