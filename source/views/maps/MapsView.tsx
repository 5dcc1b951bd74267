// The Maps table: every map, its sizes, and the programs that share it.
import {Table} from '../../components/Table.js';
import type {ViewProps} from '../view.js';
import {defaultMapSort, mapColumnsFor} from '../../present/maps/map-columns.js';
import {mapKey, mapTable} from '../../present/maps/map-table.js';

export function MapsView({model, ui, selectedKey, width, height}: ViewProps) {
	const sort = ui.sorts.maps ?? defaultMapSort;
	return (
		<Table
			columns={mapColumnsFor(model)}
			rows={mapTable(model, sort, ui.filter)}
			keyOf={mapKey}
			selectedKey={selectedKey}
			sort={sort}
			width={width}
			height={height - 1}
			emptyText={model ? 'No BPF maps.' : 'Loading…'}
		/>
	);
}
