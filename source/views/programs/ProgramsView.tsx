// The Programs table: every loaded program with its live figures.
import {Table} from '../../components/Table.js';
import type {ProgramRow} from '../../model/programs.js';
import type {ViewProps} from '../view.js';
import {defaultProgramSort, programColumnsFor} from '../../present/programs/program-columns.js';
import {hostKey} from '../../model/hosts.js';
import {programTable} from '../../present/programs/program-table.js';

export const programKey = (row: ProgramRow) => hostKey(row.host, String(row.program.id));

export function ProgramsView({model, ui, selectedKey, width, height}: ViewProps) {
	const sort = ui.sorts.programs ?? defaultProgramSort;
	return (
		<Table
			columns={programColumnsFor(model)}
			rows={programTable(model, sort, ui.filter)}
			keyOf={programKey}
			selectedKey={selectedKey}
			sort={sort}
			width={width}
			height={height - 1}
			emptyText={model ? 'No BPF programs loaded.' : 'Loading…'}
		/>
	);
}
