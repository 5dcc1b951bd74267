// Program rows: each program of the newest snapshot with its figures over the last interval.
import type {Program} from '../parse/program.js';
import {programStats, type ProgramStats} from './program-stats.js';
import type {Snapshot} from '../snapshot/snapshot.js';

export type ProgramRow = {
	/** The machine it runs on (Snapshot.host): program ids repeat across hosts. */
	readonly host?: string;
	readonly program: Program;
	readonly stats: ProgramStats;
};

/** What the rows before were made from: the last snapshot, for the interval, and its rows, which hold its programs. */
export type LastRows = {readonly snapshot: Snapshot; readonly programs: readonly ProgramRow[]};

export function programRows(previous: LastRows | undefined, current: Snapshot): ProgramRow[] {
	const previousRows = previous?.programs ?? [];
	// Both lists come in id order, so a program's last row is usually at its own index; a map by id
	// is made only once one is not (a program came or went).
	let rowsBefore: Map<number, ProgramRow> | undefined;
	const lastRow = (program: Program, index: number) => {
		const aligned = previousRows[index];
		if (aligned?.program.id === program.id) return aligned;
		rowsBefore ??= byId(previousRows, row => row.program.id);
		return rowsBefore.get(program.id);
	};

	const dtNs = previous ? Number(current.timeNs - previous.snapshot.timeNs) : 0;
	return current.programs.map((program, index) => {
		const last = lastRow(program, index);
		const old = last?.program;
		// The same id with another tag is a different program (ids are reused after unload).
		const same = old && old.tag === program.tag ? old : undefined;
		const stats = programStats(same, program, dtNs);
		// A program that did not run before and does not now is the row it was: the same object, so
		// what is drawn from it need not be made again.
		if (last !== undefined && last.program === program && last.stats === stats && last.host === current.host) return last;
		return current.host === undefined ? {program, stats} : {host: current.host, program, stats};
	});
}

/** A map by id, without a [key, value] pair per entry (a thousand programs, every refresh). */
function byId<Item>(items: readonly Item[], idOf: (item: Item) => number): Map<number, Item> {
	const map = new Map<number, Item>();
	for (const item of items) map.set(idOf(item), item);
	return map;
}
