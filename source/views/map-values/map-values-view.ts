// The value table as the App sees it: it asks for its map's dump; Enter shows or hides a row's
// per-CPU values.
import type {ViewDefinition} from '../view.js';
import {defaultValueSort, expandKey, lineKey, valueLines, valueSortColumns} from '../../present/map-values/value-lines.js';
import {MapValuesView} from './MapValuesView.js';
import {hostModel} from '../../model/hosts.js';

export const mapValuesView: ViewDefinition = {
	name: 'map-values',
	title: 'Map values',
	columns: valueSortColumns,
	defaultSort: defaultValueSort,
	request: ui =>
		ui.mapId === undefined ? {} : {mapId: ui.mapId, ...(ui.mapLimit === undefined ? {} : {mapLimit: ui.mapLimit}), ...(ui.host === undefined ? {} : {host: ui.host})},
	rowKeys(merged, ui) {
		const model = hostModel(merged, ui.host);
		return model?.mapValues?.mapId === ui.mapId ? valueLines(model?.mapValues, ui.sorts['map-values'] ?? defaultValueSort, ui.filter, ui.expanded).map(lineKey) : [];
	},
	open: (key, ui) => ({type: 'expand', key: expandKey(ui.mapId, key)}),
	hints: ({model}) => [
		{action: 'back', text: 'back'},
		// Enter shows a per-CPU map's values per CPU; elsewhere it does nothing.
		...(model?.mapValues?.rows.some(row => row.perCpu !== undefined) ? [{action: 'open' as const, text: 'per-CPU'}] : []),
		{action: 'sort-next', text: 'sort'},
		{action: 'filter', text: 'filter'},
	],
	Component: MapValuesView,
};
