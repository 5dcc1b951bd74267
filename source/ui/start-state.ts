// Where an interactive run starts, from the flags: --view, --prog (detail, Esc back to Programs),
// --map (the value table, Esc to the Maps list), --netns.
import type {Options} from '../options.js';
import type {BpfMap} from '../parse/map.js';
import type {UiState} from './ui-state.js';

export function startState(options: Pick<Options, 'view' | 'progId' | 'netns' | 'mapLimit'>, map?: BpfMap): Partial<UiState> {
	const view = options.view ?? 'programs';
	const start: Partial<UiState> = {view, netns: options.netns, mapLimit: options.mapLimit};
	if (map) return {...start, view: 'map-values', back: [{view: 'maps', section: 0}], mapId: map.id};
	if (options.progId !== undefined) return {...start, view: 'program-detail', back: [{view, section: 0}], progId: options.progId};
	return start;
}
