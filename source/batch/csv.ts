// CSV for --csv: RFC 4180 quoting (lines end in \n, for Unix tools), a header row, then rows.
// A table is a list of CSV columns, written as data or derived from a view's own Column list.
import type {Column} from '../present/column.js';
import type {Model} from '../model/model.js';

export type CsvValue = string | number | bigint | boolean | undefined;

export type CsvColumn<Row> = {
	readonly header: string;
	/** Raw figures (not "1.2k"); kernel text must be sanitised here, as on screen. */
	readonly value: (row: Row) => CsvValue;
};

/** What --csv prints for one view: a header, and the rows of a model. */
export type CsvTable = {
	readonly header: readonly string[];
	rows(model: Model): CsvValue[][];
};

export function csvTable<Row>(columns: ReadonlyArray<CsvColumn<Row>>, rowsOf: (model: Model) => readonly Row[]): CsvTable {
	return {
		header: columns.map(column => column.header),
		rows: model => rowsOf(model).map(row => columns.map(column => column.value(row))),
	};
}

/**
 * CSV columns from a view's table columns: the sort value where it is a number (the exact figure),
 * otherwise the cell text (already sanitised by the column). Headers become snake_case ids.
 */
export function csvColumnsFrom<Row>(columns: ReadonlyArray<Column<Row>>): Array<CsvColumn<Row>> {
	return columns.map(column => ({
		header: column.id.replaceAll(/\W+/g, '_').toLowerCase(),
		value(row) {
			const sortValue = column.sort?.(row);
			return typeof sortValue === 'number' || typeof sortValue === 'bigint' ? sortValue : column.value(row, Number.POSITIVE_INFINITY).trim();
		},
	}));
}

export function csvField(value: CsvValue): string {
	if (value === undefined) return '';
	const text = typeof value === 'number' && !Number.isFinite(value) ? '' : String(value);
	return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
	return `${values.map(value => csvField(value)).join(',')}\n`;
}
