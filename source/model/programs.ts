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

export function programRows(previous: Snapshot | undefined, current: Snapshot, previousRows: readonly ProgramRow[] = []): ProgramRow[] {
	const before = new Map(previous?.programs.map(program => [program.id, program]));
	const rowsBefore = new Map(previousRows.map(row => [row.program.id, row]));
	const dtNs = previous ? Number(current.timeNs - previous.timeNs) : 0;
	return current.programs.map(program => {
		const old = before.get(program.id);
		// The same id with another tag is a different program (ids are reused after unload).
		const same = old && old.tag === program.tag ? old : undefined;
		const stats = programStats(same, program, dtNs);
		// A program that did not run before and does not now is the row it was: the same object, so
		// what is drawn from it need not be made again.
		const last = rowsBefore.get(program.id);
		if (last !== undefined && last.program === program && last.stats === stats && last.host === current.host) return last;
		return current.host === undefined ? {program, stats} : {host: current.host, program, stats};
	});
}
