// The HOST column, added in front of a table's columns when the model holds several hosts (--host):
// with one machine it would only repeat itself. Its width follows the longest host name.
import type {Column} from './column.js';
import {hostCount} from '../model/hosts.js';
import type {Model} from '../model/model.js';
import {sanitize} from '../model/sanitize.js';

type HostRow = {readonly host?: string};

const maxHostWidth = 24;
// The same column list for the same hosts: tables and sorts compare columns by identity.
const made = new WeakMap<readonly unknown[], {readonly hosts: string; readonly columns: readonly unknown[]}>();

export function hostColumn<Row extends HostRow>(width: number): Column<Row> {
	return {id: 'host', header: 'HOST', width, value: row => sanitize(row.host ?? ''), sort: row => row.host ?? ''};
}

export function withHostColumn<Row extends HostRow>(columns: ReadonlyArray<Column<Row>>, model: Model | undefined): ReadonlyArray<Column<Row>> {
	if (hostCount(model) < 2) return columns;
	const hosts = model!.hosts!.map(entry => entry.host);
	const key = hosts.join('\n');
	const kept = made.get(columns);
	if (kept?.hosts === key) return kept.columns as ReadonlyArray<Column<Row>>;
	const width = Math.min(maxHostWidth, Math.max(4, ...hosts.map(host => [...host].length)));
	const result = [hostColumn<Row>(width), ...columns];
	made.set(columns, {hosts: key, columns: result});
	return result;
}
