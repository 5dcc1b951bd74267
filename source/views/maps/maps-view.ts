// The Maps view as the App sees it: Enter opens the selected map's value table.
import type {ViewDefinition} from '../view.js';
import {defaultMapSort, mapColumns, mapColumnsFor} from '../../present/maps/map-columns.js';
import {splitHostKey} from '../../model/hosts.js';
import {mapKey, mapTable} from '../../present/maps/map-table.js';
import {MapsView} from './MapsView.js';

export const mapsView: ViewDefinition = {
	name: 'maps',
	title: 'Maps',
	key: '2',
	columns: mapColumns,
	columnsFor: mapColumnsFor,
	defaultSort: defaultMapSort,
	request: () => ({}),
	rowKeys: (model, ui) => mapTable(model, ui.sorts.maps ?? defaultMapSort, ui.filter).map(mapKey),
	open(key) {
		const {host, key: id} = splitHostKey(key);
		return {type: 'open', view: 'map-values', mapId: Number(id), ...(host === undefined ? {} : {host})};
	},
	hints: () => [{action: 'open', text: 'values'}, {action: 'sort-next', text: 'sort'}, {action: 'filter', text: 'filter'}],
	Component: MapsView,
};
