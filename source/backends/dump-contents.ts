// readMap through bpftool's JSON: `map show id N` and `map dump id N` in one batch, packed into
// MapContents. The bpftool backend falls back to this where bpf(2) cannot run (no koffi, another
// architecture), and backends that answer bpftool's commands from canned output use it too.
// bpftool cannot stop a dump part way, so this is for maps of modest size (--map-limit).
import type {Json} from '../btf/format.js';
import {bpftoolError, parseOutput} from '../parse/command-output.js';
import {parseMapDump, type MapEntry} from '../parse/map-dump.js';
import {mapSchema, type BpfMap} from '../parse/map.js';
import type {Command, CommandOutput} from './backend.js';
import type {MapContents, MapReadOptions} from '../snapshot/map-contents.js';
import {ContentsBuilder, perCpuTypes} from './map-contents.js';

type Run = (commands: readonly Command[], signal?: AbortSignal) => Promise<CommandOutput[]>;

const round8 = (size: number) => Math.ceil(size / 8) * 8;

export async function readMapByDump(run: Run, mapId: number, options: MapReadOptions): Promise<MapContents> {
	const show = ['map', 'show', 'id', String(mapId)];
	const dump = ['map', 'dump', 'id', String(mapId)];
	const [shown, dumped] = await run([show, dump], options.signal);
	const map = parseOutput(mapSchema, shown?.output, show.join(' '));
	if (!map.ok) throw new Error(map.error);
	const parsed = parseMapDump(dumped?.output, dump.join(' '));
	if (!parsed.ok) throw new Error(parsed.error);
	return contentsFromDump(mapId, map.value, parsed.value, options.limit);
}

/** bpftool's parsed dump packed as a read (the entries beyond `limit` left out, and said so). */
export function contentsFromDump(mapId: number, map: BpfMap, dumped: readonly MapEntry[], limit = Number.POSITIVE_INFINITY): MapContents {
	const entries = dumped.slice(0, limit);
	const perCpu = perCpuTypes.has(map.type);
	const keySize = map.bytes_key ?? entries[0]?.key.length ?? 0;
	const valueSize = map.bytes_value ?? 0;
	const cpus = perCpu ? Math.max(1, ...entries.map(entry => entry.perCpu?.length ?? 0)) : 1;
	const builder = new ContentsBuilder(keySize, valueSize, cpus, perCpu ? round8(valueSize) : valueSize, entries.length);
	const formatted: Json[] = [];
	let anyFormatted = false;
	for (const entry of entries) {
		const value = entry.perCpu ? entry.perCpu.map(copy => copy.bytes) : entry.innerMapId === undefined ? entry.value : u32(entry.innerMapId);
		builder.add(entry.key, value, entry.error);
		const one: {[key: string]: Json} = {};
		if (entry.formattedKey !== undefined) one.key = entry.formattedKey as Json;
		if (entry.formattedValue !== undefined) one.value = entry.formattedValue as Json;
		if (entry.perCpu?.some(copy => copy.formatted !== undefined)) one.values = entry.perCpu.map(copy => ({cpu: copy.cpu, value: (copy.formatted ?? null) as Json}));
		anyFormatted ||= Object.keys(one).length > 0;
		formatted.push(one);
	}

	return builder.finish({
		mapId,
		via: 'bpftool',
		...(anyFormatted ? {formatted} : {}),
		...(entries.some(entry => entry.innerMapId !== undefined) ? {valueIs: 'map-id' as const} : {}),
		...(dumped.length > entries.length ? {truncated: true} : {}),
	});
}

function u32(value: number): Uint8Array {
	const bytes = new Uint8Array(4);
	new DataView(bytes.buffer).setUint32(0, value, true);
	return bytes;
}

/**
 * A run that answers `map show id N` from the `map show` list where the backend has no answer of its
 * own (a recording made before maps were read apart, canned test answers).
 */
export function showByIdFromList(run: Run): Run {
	return async (commands, signal) => {
		const outputs = await run(commands, signal);
		if (!outputs.some(output => output.command[1] === 'show' && output.command[2] === 'id' && bpftoolError(output.output) !== undefined)) return outputs;
		const [list] = await run([['map', 'show']], signal);
		return outputs.map(output => {
			const id = Number(output.command[3]);
			if (output.command[1] !== 'show' || output.command[2] !== 'id' || !Array.isArray(list?.output)) return output;
			const map: unknown = list.output.find(item => typeof item === 'object' && item !== null && (item as {id?: unknown}).id === id);
			return map === undefined ? output : {command: output.command, output: map};
		});
	};
}
