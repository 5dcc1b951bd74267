// Where an interactive run starts, from the flags: --view, --prog (detail, Esc back to Programs), --netns.
import type {Options} from '../options.js';
import type {UiState} from './ui-state.js';

export function startState(options: Pick<Options, 'view' | 'progId' | 'netns'>): Partial<UiState> {
	const view = options.view ?? 'programs';
	const start: Partial<UiState> = {view, netns: options.netns};
	if (options.progId !== undefined) return {...start, view: 'program-detail', back: [view], progId: options.progId};
	return start;
}
