// The Programs view as the App sees it: its rows, its columns, what it asks for, what Enter does.
import type {ViewDefinition} from '../view.js';
import {defaultProgramSort, programColumns, programColumnsFor} from '../../present/programs/program-columns.js';
import {splitHostKey} from '../../model/hosts.js';
import {programTable} from '../../present/programs/program-table.js';
import {ProgramsView, programKey} from './ProgramsView.js';

export const programsView: ViewDefinition = {
	name: 'programs',
	title: 'Programs',
	key: '1',
	columns: programColumns,
	columnsFor: programColumnsFor,
	defaultSort: defaultProgramSort,
	request: () => ({}),
	rowKeys: (model, ui) => programTable(model, ui.sorts.programs ?? defaultProgramSort, ui.filter).map(programKey),
	// Enter opens the program in detail.
	open(key) {
		const {host, key: id} = splitHostKey(key);
		return {type: 'open', view: 'program-detail', progId: Number(id), ...(host === undefined ? {} : {host})};
	},
	hints: () => [{action: 'open', text: 'detail'}, {action: 'sort-next', text: 'sort'}, {action: 'filter', text: 'filter'}],
	Component: ProgramsView,
};
