// What the user chose for the value table (sort, filter, expanded rows, hex), as value-lines.ts takes it.
import {defaultValueSort, type LineOptions} from '../../present/map-values/value-lines.js';
import type {UiState} from '../../ui/ui-state.js';

export function lineOptions(ui: UiState): LineOptions {
	return {sort: ui.sorts['map-values'] ?? defaultValueSort, filter: ui.filter, expanded: ui.expanded ?? [], hex: ui.hex === true};
}
