// `bpftool -j map show` and `map dump`: raw bytes as "0x.." strings, plus `formatted` through BTF.
import type {KernelMap} from '../kernel.js';
import type {Json} from '../../../btf/format.js';
import {formatBtf} from '../../../btf/format.js';

/** The last answer for each map, with what in it can change after the map is made. */
type Answered = {readonly frozen: boolean; readonly ownerProgType: string | undefined; readonly memlock: number; readonly json: Json};
const answered = new WeakMap<KernelMap, Answered>();

/**
 * A map's `map show` object. While it reads the same, the answer is the last one itself, as the
 * bpftool backend's listing cache answers an unchanged map: everything after the backend sees at
 * once that nothing changed, and a thousand maps are not made again every refresh.
 */
export function mapJson(entry: KernelMap): Json {
	const {map} = entry;
	const memlock = map.memlock();
	const last = answered.get(entry);
	if (last !== undefined && last.frozen === map.frozen && last.ownerProgType === entry.ownerProgType && last.memlock === memlock) return last.json;
	const json = mapObject(entry, memlock);
	answered.set(entry, {frozen: map.frozen, ownerProgType: entry.ownerProgType, memlock, json});
	return json;
}

function mapObject(entry: KernelMap, memlock: number): Json {
	const {map} = entry;
	const spec = map.spec;
	const ringbuf = spec.type === 'ringbuf';
	const out: {[key: string]: Json} = {
		id: map.id,
		type: spec.type,
		name: spec.name,
		flags: spec.flags,
		bytes_key: ringbuf ? 0 : spec.keySize,
		bytes_value: ringbuf ? 0 : spec.valueSize,
		max_entries: spec.maxEntries,
		bytes_memlock: memlock,
	};
	if (entry.ownerProgType !== undefined) {
		out.owner_prog_type = entry.ownerProgType;
		out.owner_jited = true;
	}

	out.frozen = map.frozen ? 1 : 0;
	if (entry.btfId !== undefined) out.btf_id = entry.btfId;
	if (entry.owner !== undefined) out.pids = [{pid: entry.owner.pid, comm: entry.owner.comm}];
	// Not bpftool: where the emulator completed a definition the kernel would refuse.
	if (entry.notes !== undefined) out.emulator_notes = [...entry.notes];
	return out;
}

const hexBytes = (bytes: Uint8Array): Json => Array.from(bytes, b => `0x${b.toString(16).padStart(2, '0')}`);

export function mapDumpJson(entry: KernelMap): Json {
	const {keyType, valueType} = entry.map.spec;
	return entry.map.entries().map(e => {
		const out: {[key: string]: Json} = {key: hexBytes(e.key)};
		if (e.values === undefined) out.value = hexBytes(e.value ?? new Uint8Array(0));
		else out.values = e.values.map((v, cpu) => ({cpu, value: hexBytes(v)}));
		if (valueType !== undefined) {
			const formatted: {[key: string]: Json} = {};
			if (keyType !== undefined) formatted.key = formatBtf(keyType, e.key);
			if (e.values === undefined) formatted.value = formatBtf(valueType, e.value ?? new Uint8Array(0));
			else formatted.values = e.values.map((v, cpu) => ({cpu, value: formatBtf(valueType, v)}));
			out.formatted = formatted;
		}

		return out;
	});
}
