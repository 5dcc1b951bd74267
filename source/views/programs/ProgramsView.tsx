// The Programs table: every loaded program with its live figures.
import {Table} from '../../components/Table.js';
import type {ProgramRow} from '../../model/programs.js';
import type {Sort} from '../../model/table.js';
import {programColumns} from './program-columns.js';

type Props = {
	readonly rows: readonly ProgramRow[];
	readonly selectedKey?: string;
	readonly sort: Sort;
	readonly width: number;
	readonly height: number;
};

export const programKey = (row: ProgramRow) => String(row.program.id);

export function ProgramsView({rows, selectedKey, sort, width, height}: Props) {
	return (
		<Table
			columns={programColumns}
			rows={rows}
			keyOf={programKey}
			selectedKey={selectedKey}
			sort={sort}
			width={width}
			height={height - 1}
			emptyText="No BPF programs loaded."
		/>
	);
}
