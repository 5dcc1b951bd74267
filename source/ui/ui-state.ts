// What the user has chosen: the view, sort, selection, filter, pause and refresh interval.
// A pure reducer; the App turns key actions into these.
import type {Sort} from '../model/table.js';

export type ViewName = 'programs';

export type UiState = {
	readonly view: ViewName;
	readonly sorts: Readonly<Record<ViewName, Sort>>;
	/** The selected row's key per view, so the selection follows a row when the order changes. */
	readonly selected: Readonly<Partial<Record<ViewName, string>>>;
	readonly filter: string;
	readonly filtering: boolean;
	readonly help: boolean;
	readonly paused: boolean;
	readonly intervalMs: number;
};

export type UiEvent =
	| {readonly type: 'sort'; readonly sort: Sort}
	| {readonly type: 'select'; readonly key: string | undefined}
	| {readonly type: 'filter-start'}
	| {readonly type: 'filter-text'; readonly text: string}
	| {readonly type: 'filter-end'; readonly keep: boolean}
	| {readonly type: 'help'}
	| {readonly type: 'pause'}
	| {readonly type: 'interval'; readonly factor: number};

export const minIntervalMs = 100;
export const maxIntervalMs = 60_000;

export function initialUiState(intervalMs: number, sorts: Record<ViewName, Sort>): UiState {
	return {view: 'programs', sorts, selected: {}, filter: '', filtering: false, help: false, paused: false, intervalMs};
}

export function uiReducer(state: UiState, event: UiEvent): UiState {
	switch (event.type) {
		case 'sort':
			return {...state, sorts: {...state.sorts, [state.view]: event.sort}};
		case 'select':
			return {...state, selected: {...state.selected, [state.view]: event.key}};
		case 'filter-start':
			return {...state, filtering: true};
		case 'filter-text':
			return {...state, filter: event.text};
		case 'filter-end':
			return {...state, filtering: false, filter: event.keep ? state.filter : ''};
		case 'help':
			return {...state, help: !state.help};
		case 'pause':
			return {...state, paused: !state.paused};
		case 'interval': {
			const intervalMs = Math.min(maxIntervalMs, Math.max(minIntervalMs, Math.round(state.intervalMs * event.factor)));
			return {...state, intervalMs};
		}
	}
}
