// The line above the value table: which map (bpftrace's by their @name), how full, over what
// interval, what changed, how it was read — how far a long read has got — and why there are no
// fresh values when the read was skipped or failed.
import type {MapReadProgress} from '../../snapshot/map-contents.js';
import {bpftraceName} from '../../model/histogram.js';
import type {MapValues} from '../../model/map-values.js';
import {sanitize} from '../../model/sanitize.js';
import type {BpfMap} from '../../parse/map.js';

const count = (value: number) => value.toLocaleString('en-US');

/** A map's name as its users know it: bpftrace's `@opens` for the kernel's AT_opens. */
export function mapTitle(map: BpfMap): string {
	const name = sanitize(map.name);
	const known = bpftraceName(map.name);
	return known === undefined ? `${name || '(no name)'} (${sanitize(map.type)})` : `${sanitize(known)} (${name}, ${sanitize(map.type)})`;
}

export function mapValuesSummary(values: MapValues | undefined, mapId: number | undefined, shown: number, progress?: MapReadProgress): {text: string; warning?: string} {
	if (mapId === undefined) return {text: 'No map chosen: pick one in the Maps view (2) and press Enter.'};
	const reading = progress && progress.mapId === mapId ? `reading ${count(progress.read)}${progress.total === undefined ? '' : ` of ${progress.total === values?.contents?.count ? '~' : ''}${count(progress.total)}`}…` : '';
	if (!values) return {text: [`Map ${mapId}: loading…`, reading].filter(Boolean).join(' · ')};
	const {map, contents} = values;
	const title = map ? `Map ${map.id} ${mapTitle(map)}` : `Map ${mapId} (gone)`;
	const sizes = map ? `key ${map.bytes_key ?? '?'} B, value ${map.bytes_value ?? '?'} B` : '';
	const rows = values.rowCount;
	const noun = values.layout.parts.some(part => part.variable !== undefined) ? (rows === 1 ? 'variable' : 'variables') : rows === 1 ? 'entry' : 'entries';
	const held = `${count(rows)} ${noun}${map?.max_entries === undefined ? '' : ` of max ${count(map.max_entries)}`}`;
	const filtered = shown < rows ? `${count(shown)} shown` : '';
	const interval = values.intervalSec > 0 ? `Δ over ${values.intervalSec.toFixed(1)}s` : '';
	const changes = [values.fresh ? `${count(values.fresh)} new` : '', values.removed ? `${count(values.removed)} removed` : ''].filter(Boolean).join(', ');
	// A costly read is made every few refreshes (collect/map-dump.ts): say what it costs and how old it is.
	const cost = values.readCpuMs >= 50 ? `, ${Math.round(values.readCpuMs)} ms CPU${values.keptFor > 0 ? `, ${values.keptFor} refresh${values.keptFor === 1 ? '' : 'es'} ago` : ''}` : '';
	const via = contents ? `via ${contents.via}${cost}` : '';
	const text = [title, sizes, contents ? held : `max ${map?.max_entries ?? '?'} entries`, filtered, interval, changes, reading || via].filter(Boolean).join(' · ');
	if (!map) return {text, warning: `map ${mapId} no longer exists`};
	if (values.status !== 'ok') return {text, warning: sanitize(values.reason ?? values.status)};
	if (contents?.truncated) return {text, warning: `only the first ${count(contents.count)} entries were read (--map-limit)`};
	return {text};
}
