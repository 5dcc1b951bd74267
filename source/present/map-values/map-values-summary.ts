// The line above the value table: which map, how full, over what interval, what changed — and
// why there are no fresh values when the dump was skipped or failed.
import type {MapValues} from '../../model/map-values.js';
import {sanitize} from '../../model/sanitize.js';

export function mapValuesSummary(values: MapValues | undefined, mapId: number | undefined, shown: number): {text: string; warning?: string} {
	if (mapId === undefined) return {text: 'No map chosen: pick one in the Maps view (2) and press Enter.'};
	if (!values) return {text: `Map ${mapId}: loading…`};
	const {map} = values;
	const title = map ? `Map ${map.id} ${sanitize(map.name) || '(no name)'} (${sanitize(map.type)})` : `Map ${mapId} (gone)`;
	const sizes = map ? `key ${map.bytes_key ?? '?'} B, value ${map.bytes_value ?? '?'} B` : '';
	const noun = values.rows.some(row => row.variable !== undefined) ? 'variable' : 'entr';
	const count = `${values.rows.length} ${noun}${noun === 'entr' ? (values.rows.length === 1 ? 'y' : 'ies') : values.rows.length === 1 ? '' : 's'}${map?.max_entries === undefined ? '' : ` of max ${map.max_entries}`}`;
	const dumped = values.status === 'ok' || values.rows.length > 0;
	const filtered = shown < values.rows.length ? `${shown} shown` : '';
	const interval = values.intervalSec > 0 ? `Δ over ${values.intervalSec.toFixed(1)}s` : '';
	const fresh = values.rows.filter(row => row.isNew).length;
	const changes = [fresh ? `${fresh} new` : '', values.removed ? `${values.removed} removed` : ''].filter(Boolean).join(', ');
	const text = [title, sizes, dumped ? count : `max ${map?.max_entries ?? '?'} entries`, filtered, interval, changes].filter(Boolean).join(' · ');
	if (!map) return {text, warning: `map ${mapId} no longer exists`};
	if (values.status !== 'ok') return {text, warning: sanitize(values.reason ?? values.status)};
	return {text};
}
