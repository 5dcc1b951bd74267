// Where the interactive monitor starts: --view, or --map's value table (Esc goes to the Maps list).
import type {Options} from '../options.js';
import type {BpfMap} from '../parse/map.js';
import type {UiState} from './ui-state.js';

export function startState(options: Pick<Options, 'view' | 'mapLimit'>, map?: BpfMap): Partial<UiState> {
	const view = options.view ?? 'programs';
	if (map) return {view: 'map-values', back: ['maps'], mapId: map.id, mapLimit: options.mapLimit};
	return {view, mapLimit: options.mapLimit};
}
