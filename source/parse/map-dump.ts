// `bpftool -j map dump id N` → typed entries. bpftool prints keys and values as arrays of hex byte
// strings ("0x2a"); per-CPU maps have `values: [{cpu, value}]` instead of `value`; `formatted` (the
// value read through BTF) is there when the map has BTF; a key whose lookup failed has
// `value: {error}`.
import {z} from 'zod';
import {parseOutput, type Parsed} from './command-output.js';

const hexBytes = z.array(z.string().regex(/^0x[\da-f]{1,2}$/i));

const entrySchema = z.looseObject({
	key: hexBytes.default([]),
	/** `{"error": "…"}` where the lookup failed for this key (a perf_event_array answers that for every key). */
	value: z.union([hexBytes, z.looseObject({error: z.string()})]).optional(),
	values: z.array(z.looseObject({cpu: z.number().int().nonnegative(), value: hexBytes})).optional(),
	formatted: z.unknown().optional(),
	/** Maps of maps hold map ids, not bytes. */
	inner_map_id: z.number().int().optional(),
	/** An entry bpftool could list but not read (it vanished between the key and the lookup). */
	error: z.string().optional(),
});

export const mapDumpSchema = z.array(entrySchema);

export type CpuValue = {readonly cpu: number; readonly bytes: Uint8Array; readonly formatted?: unknown};

export type MapEntry = {
	readonly key: Uint8Array;
	/** The value's bytes; for per-CPU maps, the sum lives in the model, the bytes per CPU here. */
	readonly value?: Uint8Array;
	readonly perCpu?: readonly CpuValue[];
	/** The key as BTF shows it (a number, a struct …), when the map has BTF. */
	readonly formattedKey?: unknown;
	/** The value as BTF shows it, when the map has BTF (not for per-CPU maps: see perCpu). */
	readonly formattedValue?: unknown;
	readonly innerMapId?: number;
	readonly error?: string;
};

export function hexToBytes(bytes: readonly string[]): Uint8Array {
	return Uint8Array.from(bytes, byte => Number.parseInt(byte.slice(2), 16));
}

export function parseMapDump(output: unknown, what: string): Parsed<MapEntry[]> {
	const parsed = parseOutput(mapDumpSchema, output, what);
	if (!parsed.ok) return parsed;
	return {ok: true, value: parsed.value.map(toEntry)};
}

function toEntry(raw: z.infer<typeof entrySchema>): MapEntry {
	const formatted = isRecord(raw.formatted) ? raw.formatted : undefined;
	const formattedCpus = Array.isArray(formatted?.['values']) ? (formatted['values'] as unknown[]) : [];
	const perCpu = raw.values?.map(({cpu, value}) => {
		const match = formattedCpus.find(item => isRecord(item) && item['cpu'] === cpu);
		return {cpu, bytes: hexToBytes(value), ...(isRecord(match) && 'value' in match ? {formatted: match['value']} : {})};
	});
	return {
		key: hexToBytes(raw.key),
		...(Array.isArray(raw.value) ? {value: hexToBytes(raw.value)} : {}),
		...(perCpu ? {perCpu} : {}),
		...(formatted && 'key' in formatted ? {formattedKey: formatted['key']} : {}),
		...(formatted && 'value' in formatted ? {formattedValue: formatted['value']} : {}),
		...(raw.inner_map_id === undefined ? {} : {innerMapId: raw.inner_map_id}),
		...(raw.error !== undefined ? {error: raw.error} : raw.value !== undefined && !Array.isArray(raw.value) ? {error: raw.value.error} : {}),
	};
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
