// The HOST column, added in front of a table's columns when the model holds several hosts (--host):
// with one machine it would only repeat itself. It is kept nearly as long as the name when the
// terminal is narrow: without it, rows of two hosts with the same id cannot be told apart.
import type {Column} from './column.js';
import {hostCount} from '../model/hosts.js';
import type {Model} from '../model/model.js';
import {sanitize} from '../model/sanitize.js';

type HostRow = {readonly host?: string};

// The same column list every time: tables and sorts compare columns by identity.
const made = new WeakMap<readonly unknown[], readonly unknown[]>();

export function hostColumn<Row extends HostRow>(): Column<Row> {
	return {id: 'host', header: 'HOST', width: 4, maxWidth: 24, priority: 97, value: row => sanitize(row.host ?? ''), measureBy: row => row.host, sort: row => row.host ?? ''};
}

export function withHostColumn<Row extends HostRow>(columns: ReadonlyArray<Column<Row>>, model: Model | undefined): ReadonlyArray<Column<Row>> {
	if (hostCount(model) < 2) return columns;
	let result = made.get(columns) as ReadonlyArray<Column<Row>> | undefined;
	if (!result) made.set(columns, (result = [hostColumn<Row>(), ...columns]));
	return result;
}
