// The value table as the App sees it: it asks for its map's entries; it moves its own selection
// (a table of a million rows has no list of every key); Enter shows or hides a row's per-CPU
// values; `x` shows keys and values as hex bytes.
import type {ViewDefinition} from '../view.js';
import {defaultValueSort, expandKey, firstLineKey, isMove, lineExists, moveSelection, valueSortColumns} from '../../present/map-values/value-lines.js';
import {hostModel} from '../../model/hosts.js';
import type {Model} from '../../model/model.js';
import type {UiState} from '../../ui/ui-state.js';
import {lineOptions} from './line-options.js';
import {MapValuesView} from './MapValuesView.js';

/** The open map's values, from the chosen host's model when there are several (ids repeat across hosts). */
function openValues(merged: Model | undefined, ui: UiState) {
	const model = hostModel(merged, ui.host);
	return model?.mapValues?.mapId === ui.mapId ? model?.mapValues : undefined;
}

export const mapValuesView: ViewDefinition = {
	name: 'map-values',
	title: 'Map values',
	columns: valueSortColumns,
	defaultSort: defaultValueSort,
	request: ui =>
		ui.mapId === undefined ? {} : {mapId: ui.mapId, ...(ui.mapLimit === undefined ? {} : {mapLimit: ui.mapLimit}), ...(ui.host === undefined ? {} : {host: ui.host})},
	// Not every key: the first line's (the App's default selection) and the chosen one while it is there.
	rowKeys(merged, ui) {
		const values = openValues(merged, ui);
		const options = lineOptions(ui);
		const first = firstLineKey(values, options);
		const chosen = ui.selected['map-values'];
		return [...(first === undefined ? [] : [first]), ...(chosen !== undefined && chosen !== first && lineExists(values, options, chosen) ? [chosen] : [])];
	},
	act(action, {ui, model, height, selectedKey}) {
		if (action === 'hex') return {type: 'hex'};
		if (!isMove(action)) return false;
		// The table's rows: the view's height less the title line(s) and the header.
		const moved = moveSelection(openValues(model, ui), lineOptions(ui), selectedKey, action, Math.max(1, height - 3));
		return moved === undefined ? true : {type: 'select', key: moved};
	},
	open: (key, ui) => ({type: 'expand', key: expandKey(ui.mapId, key)}),
	hints: ({model, ui}) => [
		{action: 'back', text: 'back'},
		// Enter shows a per-CPU map's values per CPU; elsewhere it does nothing.
		...((openValues(model, ui)?.contents?.cpus ?? 1) > 1 ? [{action: 'open' as const, text: 'per-CPU'}] : []),
		{action: 'sort-next', text: 'sort'},
		{action: 'filter', text: 'filter'},
		{action: 'hex', text: 'hex'},
	],
	Component: MapValuesView,
};
