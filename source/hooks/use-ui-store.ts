// The UI state, readable at once after each event: keys that arrive together are applied one by
// one, each to the state the keys before it left (G then k k k then Enter opens the row k k k
// reached), and the screen is drawn once for all of them.
import {useRef, useState} from 'react';
import {uiReducer, type UiEvent, type UiState} from '../ui/ui-state.js';

export type UiStore = {
	/** The state as last drawn. */
	readonly ui: UiState;
	/** The state after every event so far, drawn or not. */
	current(): UiState;
	dispatch(event: UiEvent): void;
	/** Runs `apply` (which dispatches) and draws once afterwards. */
	batch(apply: () => void): void;
};

export function useUiStore(initial: () => UiState): UiStore {
	const [ui, setUi] = useState(initial);
	const state = useRef(ui);
	const batching = useRef(false);
	return {
		ui,
		current: () => state.current,
		dispatch(event) {
			state.current = uiReducer(state.current, event);
			if (!batching.current) setUi(state.current);
		},
		batch(apply) {
			batching.current = true;
			try {
				apply();
			} finally {
				batching.current = false;
				setUi(state.current);
			}
		},
	};
}
