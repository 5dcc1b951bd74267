// How a map's entries become rows, decided once per read from the map's types (not per entry):
// how many rows an entry gives (one per variable for global data), where each row's main number
// lives in the value bytes (its "locator": the first number bpftool's formatted value shows, as
// the value table's fields name it), how keys sort, and whether the map is a histogram.
// The locator lets Δ and rate be computed for a million entries from the bytes alone.
import type {MapContents} from '../snapshot/map-contents.js';
import {isBitfieldInt} from '../btf/format.js';
import {sizeOf, type BtfType} from '../btf/types.js';
import {bpftraceScript, scriptHistograms, type Histogram} from './histogram.js';
import {sanitize} from './sanitize.js';
import {paddedText} from './text-bytes.js';

/** Where a row's main number is: `size` bytes at `offset` of each value copy (summed over `count` elements for a histogram's total). */
export type Locator = {
	/** The field's name as the row's fields name it ('' for a plain scalar value). */
	readonly name: string;
	readonly offset: number;
	readonly size: number;
	readonly signed: boolean;
	readonly float?: boolean;
	readonly count?: number;
};

export type PartLayout = {readonly variable?: string; readonly locator?: Locator};

export type ValueLayout = {
	/** Rows per entry: usually one; one per variable for a global-data section. */
	readonly parts: readonly PartLayout[];
	/** Keys sort as little-endian numbers, or byte by byte (text, structs). */
	readonly keyOrder: 'number' | 'bytes';
	readonly histogram?: Histogram;
	/** Where the row's fields come from: BTF types, bpftool's formatted JSON (fallback), raw bytes, or an id. */
	readonly source: 'btf' | 'formatted' | 'raw' | 'id';
};

const scalarSizes = new Set([1, 2, 4, 8]);
/** Entries looked at to decide whether keys are text. */
const sampleSize = 16;

export function valueLayout(contents: MapContents, mapName = ''): ValueLayout {
	const keyOrder = keyOrderOf(contents);
	const histogram = bpftraceHistogram(contents, mapName);
	if (contents.valueIs) return {parts: [{}], keyOrder, source: 'id'};
	const type = contents.btf?.value;
	if (type) {
		if (type.kind === 'datasec') {
			return {parts: type.vars.map(variable => ({variable: sanitize(variable.name), ...withLocator(firstNumber(variable.type, variable.offset, ''))})), keyOrder, source: 'btf'};
		}

		const slots = slotsOf(type);
		if (slots) return {parts: [{locator: {name: 'slots', offset: slots.offset, size: slots.size, signed: false, count: slots.count}}], keyOrder, histogram: slots, source: 'btf'};
		return {parts: [withLocator(firstNumber(type, 0, ''))], keyOrder, ...(histogram ? {histogram} : {}), source: 'btf'};
	}

	if (contents.formatted) return {parts: formattedParts(contents.formatted[0]), keyOrder, ...(histogram ? {histogram} : {}), source: 'formatted'};
	return {parts: [withLocator(rawLocator(contents))], keyOrder, ...(histogram ? {histogram} : {}), source: 'raw'};
}

function withLocator(locator: Locator | undefined): PartLayout {
	return locator ? {locator} : {};
}

function keyOrderOf(contents: MapContents): 'number' | 'bytes' {
	const key = contents.btf?.key;
	if (key) return key.kind === 'int' || key.kind === 'enum' ? 'number' : 'bytes';
	if (!scalarSizes.has(contents.keySize)) return 'bytes';
	const sample = Math.min(contents.count, sampleSize);
	for (let index = 0; index < sample; index++) {
		if (paddedText(contents.keys.subarray(index * contents.keySize, (index + 1) * contents.keySize), 'key') !== undefined) return 'bytes';
	}

	return 'number';
}

/** The first number bpftool's formatted value shows, in the order the fields flatten (map-value-fields.ts). */
export function firstNumber(type: BtfType, offset: number, name: string): Locator | undefined {
	switch (type.kind) {
		case 'int':
			if (type.bool === true || type.charEncoding === true || isBitfieldInt(type)) return undefined;
			return {name, offset, size: (type.bits ?? type.size * 8) / 8, signed: type.signed};
		case 'float':
			return type.size === 4 || type.size === 8 ? {name, offset, size: type.size, signed: true, float: true} : undefined;
		case 'ptr':
			return {name, offset, size: 8, signed: false};
		case 'array': {
			const isString = type.string ?? (type.elem.kind === 'int' && type.elem.size === 1 && (type.elem.char === true || type.elem.name === 'char'));
			// A long array is one text field (a histogram of 64 buckets would be 64 columns).
			if (isString || type.length > 8) return undefined;
			const size = sizeOf(type.elem);
			for (let index = 0; index < type.length; index++) {
				const found = firstNumber(type.elem, offset + index * size, `${name}[${index}]`);
				if (found) return found;
			}

			return undefined;
		}

		case 'struct':
		case 'union':
			for (const member of type.members) {
				if ((member.bitSize ?? 0) > 0 || member.bitOffset % 8 !== 0) continue;
				const memberName = sanitize(member.name);
				const found = firstNumber(member.type, offset + member.bitOffset / 8, name ? `${name}.${memberName}` : memberName);
				if (found) return found;
			}

			return undefined;
		default:
			return undefined;
	}
}

/** libbpf-tools' `struct hist { __u32 slots[N]; … }`: a member named slots, an array of integers. */
function slotsOf(type: BtfType): Extract<Histogram, {kind: 'slots'}> | undefined {
	if (type.kind !== 'struct') return undefined;
	const member = type.members.find(candidate => candidate.name === 'slots' && candidate.type.kind === 'array');
	if (!member || member.type.kind !== 'array' || member.bitOffset % 8 !== 0) return undefined;
	const {elem, length} = member.type;
	if (elem.kind !== 'int' || ![4, 8].includes(elem.size) || length < 4) return undefined;
	return {kind: 'slots', offset: member.bitOffset / 8, size: elem.size, count: length};
}

/** Without BTF: the value as one integer of its size, or its first 64/32-bit word; text has none. */
function rawLocator(contents: MapContents): Locator | undefined {
	const size = contents.valueSize;
	if (scalarSizes.has(size)) return {name: '', offset: 0, size, signed: false};
	for (let index = 0; index < Math.min(contents.count, sampleSize); index++) {
		const start = index * contents.cpus * contents.cpuStride;
		if (paddedText(contents.values.subarray(start, start + size), 'value') !== undefined) return undefined;
	}

	const word = size % 8 === 0 ? 8 : size % 4 === 0 ? 4 : 0;
	if (word === 0 || size / word > 8) return undefined;
	return {name: '[0]', offset: 0, size: word, signed: false};
}

/** The bpftool fallback gives formatted JSON per entry, no types: rows per variable from the first entry. */
function formattedParts(first: unknown): PartLayout[] {
	const value = typeof first === 'object' && first !== null && !Array.isArray(first) ? (first as Record<string, unknown>)['value'] : undefined;
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return [{}];
	const names = Object.keys(value);
	const section = names.length === 1 && names[0]!.startsWith('.') ? (value as Record<string, unknown>)[names[0]!] : undefined;
	if (!Array.isArray(section)) return [{}];
	return section.map(item => ({variable: sanitize(Object.keys(item as object)[0] ?? '')}));
}

/** bpftrace's hist()/lhist() maps, known from the script of the bpftrace process holding them. */
function bpftraceHistogram(contents: MapContents, mapName: string): Histogram | undefined {
	if (!mapName.startsWith('AT_') || contents.keySize < 8) return undefined;
	for (const holder of contents.holders ?? []) {
		const script = bpftraceScript(holder.args);
		// The kernel keeps 15 characters of a name: AT_ and the first 12 of bpftrace's.
		for (const [name, histogram] of script === undefined ? [] : scriptHistograms(script)) if (name.slice(0, 15) === mapName) return histogram;
	}

	return undefined;
}
