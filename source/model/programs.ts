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

export function programRows(previous: Snapshot | undefined, current: Snapshot): ProgramRow[] {
	const before = new Map(previous?.programs.map(program => [program.id, program]));
	const dtNs = previous ? Number(current.timeNs - previous.timeNs) : 0;
	return current.programs.map(program => {
		const old = before.get(program.id);
		// The same id with another tag is a different program (ids are reused after unload).
		const same = old && old.tag === program.tag ? old : undefined;
		const row = {program, stats: programStats(same, program, dtNs)};
		return current.host === undefined ? row : {host: current.host, ...row};
	});
}
