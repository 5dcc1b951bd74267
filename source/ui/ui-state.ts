// What the user has chosen: the view, sort, selection, filter, pause and refresh interval.
// A pure reducer; the App turns key actions into these events.
import {moveSelection, type Sort} from '../model/table.js';

/** Every view by name; detail views (program-detail, map-values) are opened from a row. */
export type ViewName = 'programs' | 'maps' | 'map-values' | 'attachments' | 'trace' | 'program-detail';

export type BackTo = {readonly view: ViewName; readonly section: number};

export type UiState = {
	readonly view: ViewName;
	/** Where Esc goes back to: the views below this one, each with the section it showed. */
	readonly back: readonly BackTo[];
	readonly sorts: Readonly<Partial<Record<ViewName, Sort>>>;
	/** The selected row's key per view, so the selection follows a row when the order changes. */
	readonly selected: Readonly<Partial<Record<ViewName, string>>>;
	readonly filter: string;
	readonly filtering: boolean;
	readonly help: boolean;
	readonly paused: boolean;
	readonly intervalMs: number;
	/** The map whose values are shown (map-values). */
	readonly mapId?: number;
	/** The program shown in detail (program-detail). */
	readonly progId?: number;
	/** With several hosts (--host): the host of the program or map shown in detail. */
	readonly host?: string;
	/** The section of a detail view (Tab moves on). */
	readonly section: number;
	/** The named network namespace whose attachments are shown (--netns); the current one otherwise. */
	readonly netns?: string;
	/** Dump a map only when it can hold at most this many entries (--map-limit). */
	readonly mapLimit?: number;
	/** Value-table rows showing their per-CPU values, as "mapId:rowId". */
	readonly expanded?: readonly string[];
	/** The value table shows keys and values as hex bytes (x). */
	readonly hex?: boolean;
};

export type UiEvent =
	| {readonly type: 'sort'; readonly sort: Sort}
	| {readonly type: 'select'; readonly key: string | undefined}
	/**
	 * Move the selection among the view's rows. Relative, and worked out here from the state as it is
	 * when the event arrives: keys that come together (jjj) each move one row.
	 */
	| {readonly type: 'move'; readonly keys: readonly string[]; readonly delta: number}
	| {readonly type: 'filter-start'}
	/** Typed text is appended and backspace removes in the reducer, so fast typing loses nothing. */
	| {readonly type: 'filter-type'; readonly text: string}
	| {readonly type: 'filter-backspace'}
	| {readonly type: 'filter-end'; readonly keep: boolean}
	| {readonly type: 'help'}
	| {readonly type: 'pause'}
	| {readonly type: 'interval'; readonly factor: number}
	/** Switch to a top-level view. */
	| {readonly type: 'view'; readonly view: ViewName}
	/** Open a detail view on top of the current one. */
	| {readonly type: 'open'; readonly view: ViewName; readonly mapId?: number; readonly progId?: number; readonly host?: string}
	| {readonly type: 'back'}
	| {readonly type: 'section'; readonly delta: number; readonly count: number}
	/** Show or hide a row's details (per-CPU values). */
	| {readonly type: 'expand'; readonly key: string}
	/** Keys and values as hex bytes, or as text and numbers again. */
	| {readonly type: 'hex'};

export const minIntervalMs = 100;
export const maxIntervalMs = 60_000;

export function initialUiState(intervalMs: number, start: Partial<UiState> = {}): UiState {
	return {
		view: 'programs',
		back: [],
		sorts: {},
		selected: {},
		filter: '',
		filtering: false,
		help: false,
		paused: false,
		intervalMs,
		section: 0,
		...start,
	};
}

export function uiReducer(state: UiState, event: UiEvent): UiState {
	switch (event.type) {
		case 'sort':
			return {...state, sorts: {...state.sorts, [state.view]: event.sort}};
		case 'move': {
			const current = state.selected[state.view];
			const from = current !== undefined && event.keys.includes(current) ? current : event.keys[0];
			return {...state, selected: {...state.selected, [state.view]: moveSelection(event.keys, from, event.delta)}};
		}

		case 'select':
			return {...state, selected: {...state.selected, [state.view]: event.key}};
		case 'filter-start':
			return {...state, filtering: true};
		case 'filter-type':
			return {...state, filter: state.filter + event.text};
		case 'filter-backspace':
			return {...state, filter: [...state.filter].slice(0, -1).join('')};
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

		case 'view':
			return event.view === state.view ? state : {...state, view: event.view, back: [], filter: '', filtering: false, section: 0};
		case 'open':
			return {
				...state,
				view: event.view,
				back: [...state.back, {view: state.view, section: state.section}],
				mapId: event.mapId ?? state.mapId,
				progId: event.progId ?? state.progId,
				host: event.host ?? state.host,
				filter: '',
				filtering: false,
				section: 0,
			};
		case 'back': {
			const previous = state.back.at(-1);
			if (previous === undefined) return state;
			// Back where it was: Esc from a map opened in a program's Maps section returns to that section.
			return {...state, view: previous.view, back: state.back.slice(0, -1), filter: '', filtering: false, section: previous.section};
		}

		case 'section':
			return {...state, section: (state.section + event.delta + event.count) % Math.max(1, event.count)};
		case 'hex':
			return {...state, hex: state.hex !== true};
		case 'expand': {
			const expanded = state.expanded ?? [];
			return {...state, expanded: expanded.includes(event.key) ? expanded.filter(key => key !== event.key) : [...expanded, event.key]};
		}
	}
}
