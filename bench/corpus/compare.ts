// Compares what the emulator and the real kernel show for one object, and prints the corpus table.
// Pure: loads in, rows and text out.
import type {Loaded, ShownMap, ShownProgram} from './loaders.js';

/** Agreement on one aspect: how many of how many; undefined where there is nothing to compare. */
export type Score = {readonly agree: number; readonly of: number};

export type Row = {
	readonly object: string;
	readonly origin: string;
	readonly emulator: Loaded;
	readonly kernel: Loaded | {ok: false; reason: string; skipped: true};
	readonly names?: Score;
	readonly types?: Score;
	readonly tags?: Score;
	readonly xlated?: Score;
	/** Xlated dumps equal once map ids, kernel addresses and subprogram tags are left out. */
	readonly dumps?: Score;
	readonly maps?: Score;
	/** Programs and maps that disagree, one line each. */
	readonly differences: readonly string[];
};

const mapFields = (m: ShownMap) => `${m.type} ${m.keySize}/${m.valueSize}/${m.maxEntries}`;

export function compare(object: string, origin: string, emulator: Loaded, kernel: Row['kernel']): Row {
	if (!emulator.ok || !kernel.ok) return {object, origin, emulator, kernel, differences: []};
	const differences: string[] = [];
	const emulated = new Map(emulator.programs.map(p => [p.name, p]));
	const real = new Map(kernel.programs.map(p => [p.name, p]));
	const both: Array<[ShownProgram, ShownProgram]> = [];
	for (const [name, program] of real) {
		const ours = emulated.get(name);
		if (ours) both.push([ours, program]);
		else differences.push(`program ${name}: not in the emulator`);
	}

	for (const name of emulated.keys()) if (!real.has(name)) differences.push(`program ${name}: not in the kernel`);
	const score = (test: (ours: ShownProgram, theirs: ShownProgram) => boolean, what: (ours: ShownProgram, theirs: ShownProgram) => string): Score => {
		let agree = 0;
		for (const [ours, theirs] of both) {
			if (test(ours, theirs)) agree++;
			else differences.push(`program ${theirs.name}: ${what(ours, theirs)}`);
		}

		return {agree, of: both.length};
	};

	const names = {agree: both.length, of: Math.max(real.size, emulated.size)};
	const types = score((a, b) => a.type === b.type, (a, b) => `type ${a.type}, kernel ${b.type}`);
	const tags = score((a, b) => a.tag === b.tag, (a, b) => `tag ${a.tag}, kernel ${b.tag}`);
	const xlated = score((a, b) => a.bytesXlated === b.bytesXlated, (a, b) => `bytes_xlated ${a.bytesXlated}, kernel ${b.bytesXlated}`);
	const dumps = score((a, b) => a.dump !== undefined && b.dump !== undefined && a.dump.join('\n') === b.dump.join('\n'), (a, b) => {
		const at = (a.dump ?? []).findIndex((line, i) => line !== b.dump?.[i]);
		return `xlated dump differs at line ${at}: ${a.dump?.[at] ?? '(end)'} / kernel ${b.dump?.[at] ?? '(end)'}`;
	});
	let mapsAgree = 0;
	for (const theirs of kernel.maps) {
		const ours = emulator.maps.find(m => m.name === theirs.name);
		if (ours && mapFields(ours) === mapFields(theirs)) mapsAgree++;
		else differences.push(`map ${theirs.name}: ${ours ? mapFields(ours) : 'missing'}, kernel ${mapFields(theirs)}`);
	}

	return {object, origin, emulator, kernel, names, types, tags, xlated, dumps, maps: {agree: mapsAgree, of: kernel.maps.length}, differences};
}

const cell = (score: Score | undefined): string => (score === undefined ? '' : score.agree === score.of ? `✓ ${score.of}` : `${score.agree}/${score.of}`);

/** One line, cut for a table cell. */
const short = (text: string, width = 70): string => {
	const line = text.replace(/\s+/g, ' ').replace(/\|/g, '/');
	return line.length > width ? `${line.slice(0, width - 1)}…` : line;
};

/** The corpus table in Markdown. */
export function table(rows: readonly Row[]): string {
	const lines = [
		'| object | programs | emulator | kernel | names | types | tags | bytes_xlated | xlated dump | maps |',
		'| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
	];
	for (const row of rows) {
		const programs = row.emulator.ok ? String(row.emulator.programs.length) : '';
		const emulator = row.emulator.ok ? 'loaded' : `refused: ${short(row.emulator.reason)}`;
		const kernel = row.kernel.ok ? 'loaded' : 'skipped' in row.kernel ? `not asked (${row.kernel.reason})` : `refused: ${short(row.kernel.reason)}`;
		lines.push(`| ${row.object} | ${programs} | ${emulator} | ${kernel} | ${cell(row.names)} | ${cell(row.types)} | ${cell(row.tags)} | ${cell(row.xlated)} | ${cell(row.dumps)} | ${cell(row.maps)} |`);
	}

	return lines.join('\n');
}

export type Summary = {
	readonly objects: number;
	readonly emulatorLoaded: number;
	readonly kernelLoaded: number;
	readonly compared: number;
	/** Objects (of those both loaded) where names, types, tags and maps all agree. */
	readonly fullyAgree: number;
	readonly programs: number;
	readonly tags: Score;
	readonly xlated: Score;
	readonly xlatedObjects: Score;
	readonly dumps: Score;
	readonly maps: Score;
};

export function summarize(rows: readonly Row[]): Summary {
	const compared = rows.filter(r => r.names !== undefined);
	const sum = (pick: (row: Row) => Score | undefined): Score => compared.reduce((total, row) => {
		const score = pick(row);
		return score ? {agree: total.agree + score.agree, of: total.of + score.of} : total;
	}, {agree: 0, of: 0});
	const full = (s: Score | undefined) => s !== undefined && s.agree === s.of;
	return {
		objects: rows.length,
		emulatorLoaded: rows.filter(r => r.emulator.ok).length,
		kernelLoaded: rows.filter(r => r.kernel.ok).length,
		compared: compared.length,
		fullyAgree: compared.filter(r => full(r.names) && full(r.types) && full(r.tags) && full(r.maps)).length,
		programs: sum(r => r.names).of,
		tags: sum(r => r.tags),
		xlated: sum(r => r.xlated),
		xlatedObjects: {agree: compared.filter(r => full(r.xlated)).length, of: compared.length},
		dumps: sum(r => r.dumps),
		maps: sum(r => r.maps),
	};
}
