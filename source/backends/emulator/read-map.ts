// readMap on the emulator: straight from its map objects, packed as the bpftool backend packs what
// bpf(2) returns (per-CPU copies 8-byte aligned), with the map's BTF types and its owner.
import type {MapContents, MapReadOptions} from '../../snapshot/map-contents.js';
import {ContentsBuilder} from '../map-contents.js';
import type {EmulatorKernel} from './kernel.js';

export function readEmulatedMap(kernel: EmulatorKernel, mapId: number, options: MapReadOptions): MapContents {
	const found = kernel.map(mapId);
	if (!found) throw new Error(`map ${mapId}: No such file or directory`);
	const {map, owner} = found;
	const {spec} = map;
	const entries = map.entries();
	const cpus = map.perCpu ? Math.max(1, entries[0]?.values?.length ?? 1) : 1;
	const keySize = spec.type === 'ringbuf' ? 0 : spec.keySize;
	const valueSize = spec.type === 'ringbuf' ? 0 : spec.valueSize;
	const builder = new ContentsBuilder(keySize, valueSize, cpus, map.perCpu ? Math.ceil(valueSize / 8) * 8 : valueSize, Math.min(entries.length, options.limit));
	for (const entry of entries.slice(0, options.limit)) builder.add(entry.key, entry.values ?? entry.value);
	const btf = spec.valueType ? {...(spec.keyType ? {key: spec.keyType} : {}), value: spec.valueType} : undefined;
	return builder.finish({
		mapId,
		via: 'emulator',
		...(btf ? {btf} : {}),
		...(spec.type === 'prog_array' ? {valueIs: 'prog-id' as const} : {}),
		...(owner?.args ? {holders: [{pid: owner.pid, comm: owner.comm, args: owner.args}]} : {}),
		...(entries.length > options.limit ? {truncated: true} : {}),
	});
}
