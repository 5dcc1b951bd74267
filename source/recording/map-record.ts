// The value table's map in a recording: its read as compact JSON (bytes in base64, the BTF types,
// per-entry errors), so a replay shows the same values, changes and rates. A million entries are
// ~16 MB a refresh this way; --record-limit bounds the file.
import {btfFromJson, btfToJson} from '../btf/json.js';
import type {MapBtf} from '../btf/types.js';
import type {MapContents, MapDump, MapHolder} from '../snapshot/snapshot.js';

export type RecordedMap =
	| {readonly id: number; readonly status: 'skipped' | 'error'; readonly reason: string}
	| {readonly id: number; readonly status: 'kept'}
	| {
			readonly id: number;
			readonly status: 'ok';
			readonly t: string;
			readonly via: MapContents['via'];
			readonly key_size: number;
			readonly value_size: number;
			readonly cpus: number;
			readonly cpu_stride: number;
			readonly count: number;
			readonly keys: string;
			readonly values: string;
			readonly errors?: ReadonlyArray<readonly [number, string]>;
			readonly value_is?: MapContents['valueIs'];
			readonly btf?: {readonly key?: unknown; readonly value?: unknown};
			readonly formatted?: readonly unknown[];
			readonly holders?: readonly MapHolder[];
			readonly truncated?: boolean;
	  };

const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

export function recordMap(dump: MapDump): RecordedMap {
	if (dump.status === 'kept') return {id: dump.mapId, status: 'kept'};
	if (dump.status !== 'ok') return {id: dump.mapId, status: dump.status, reason: dump.reason};
	const {contents} = dump;
	return {
		id: dump.mapId,
		status: 'ok',
		t: String(dump.timeNs),
		via: contents.via,
		key_size: contents.keySize,
		value_size: contents.valueSize,
		cpus: contents.cpus,
		cpu_stride: contents.cpuStride,
		count: contents.count,
		keys: base64(contents.keys),
		values: base64(contents.values),
		...(contents.errors ? {errors: [...contents.errors]} : {}),
		...(contents.valueIs ? {value_is: contents.valueIs} : {}),
		...(contents.btf ? {btf: {...(contents.btf.key ? {key: btfToJson(contents.btf.key)} : {}), ...(contents.btf.value ? {value: btfToJson(contents.btf.value)} : {})}} : {}),
		...(contents.formatted ? {formatted: contents.formatted} : {}),
		...(contents.holders ? {holders: contents.holders} : {}),
		...(contents.truncated ? {truncated: true} : {}),
	};
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const whole = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** The read back, or a message saying why the recording cannot give it. */
export function replayMap(recorded: unknown, mapId: number): MapContents | {readonly error: string} | undefined {
	if (!isObject(recorded) || recorded['id'] !== mapId) return {error: `map ${mapId}: not in the recording (the recorded monitor did not read it)`};
	// The recorded monitor kept its last read at this refresh: so does the replay.
	if (recorded['status'] === 'kept') return undefined;
	if (recorded['status'] !== 'ok') return {error: typeof recorded['reason'] === 'string' ? recorded['reason'] : `map ${mapId}: not read when recorded`};
	const {key_size: keySize, value_size: valueSize, cpus, cpu_stride: cpuStride, count} = recorded;
	if (!whole(keySize) || !whole(valueSize) || !whole(cpus) || cpus < 1 || !whole(cpuStride) || cpuStride < valueSize || !whole(count)) return {error: `map ${mapId}: damaged in the recording`};
	const keys = new Uint8Array(Buffer.from(String(recorded['keys']), 'base64'));
	const values = new Uint8Array(Buffer.from(String(recorded['values']), 'base64'));
	if (keys.length !== count * keySize || values.length !== count * cpus * cpuStride) return {error: `map ${mapId}: damaged in the recording`};
	const btf = isObject(recorded['btf']) ? recorded['btf'] : undefined;
	const key = btf ? btfFromJson(btf['key']) : undefined;
	const value = btf ? btfFromJson(btf['value']) : undefined;
	const types: MapBtf | undefined = value ? {...(key ? {key} : {}), value} : undefined;
	const errors = Array.isArray(recorded['errors']) ? new Map((recorded['errors'] as unknown[]).flatMap(item => (Array.isArray(item) && whole(item[0]) && typeof item[1] === 'string' ? [[item[0], item[1]] as const] : []))) : undefined;
	return {
		mapId,
		via: recorded['via'] as MapContents['via'],
		keySize,
		valueSize,
		cpus,
		cpuStride,
		count,
		keys,
		values,
		...(errors && errors.size > 0 ? {errors} : {}),
		...(recorded['value_is'] === 'map-id' || recorded['value_is'] === 'prog-id' ? {valueIs: recorded['value_is']} : {}),
		...(types ? {btf: types} : {}),
		...(Array.isArray(recorded['formatted']) && recorded['formatted'].length === count ? {formatted: recorded['formatted'] as MapContents['formatted'] & object} : {}),
		...(Array.isArray(recorded['holders']) ? {holders: (recorded['holders'] as unknown[]).filter(isHolder)} : {}),
		...(recorded['truncated'] === true ? {truncated: true} : {}),
	};
}

function isHolder(value: unknown): value is MapHolder {
	return isObject(value) && whole(value['pid']) && typeof value['comm'] === 'string' && Array.isArray(value['args']) && value['args'].every(arg => typeof arg === 'string');
}
