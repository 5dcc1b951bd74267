// What the program detail view shows, as lines per section. Pure: model in, lines out; every
// kernel string is sanitised here. Explanations follow a learner's notes on `bpftool prog show`.
import {sparkline} from '../../model/sparkline.js';
import {attachmentList, attachmentsOf} from '../../model/attachments.js';
import {formatBytes, formatCount, formatNs, formatPercent, formatRate} from '../../model/format.js';
import type {Model} from '../../model/model.js';
import {sanitize} from '../../model/sanitize.js';
import {allHoldersText} from '../holders.js';
import {formatAge, formatLocalTime} from '../../model/time.js';
import type {ProgramRow} from '../../model/programs.js';

export const detailSections = ['Summary', 'Instructions (xlated)', 'Machine code (JIT)', 'Maps'] as const;

export type Tone = 'label' | 'value' | 'note' | 'function' | 'source' | 'error' | 'heading';
export type Segment = {readonly text: string; readonly tone: Tone};
export type DetailLine = {
	readonly key: string;
	readonly segments: readonly Segment[];
	/** Enter on this line opens the map's values. */
	readonly mapId?: number;
	/** A heading the cursor skips (the Maps section's column names): the selection starts below it. */
	readonly heading?: boolean;
};

const labelWidth = 16;
/** Values are padded so the explanations start in one column. */
const valueWidth = 34;

function line(key: string, ...segments: Segment[]): DetailLine {
	return {key, segments};
}

function field(label: string, value: string, note?: string): DetailLine {
	return line(`field:${label}`, {text: label.padEnd(labelWidth), tone: 'label'}, {text: note ? value.padEnd(valueWidth) : value, tone: 'value'}, ...(note ? [{text: `  ${note}`, tone: 'note' as const}] : []));
}

function note(key: string, text: string, tone: Tone = 'note'): DetailLine {
	return line(key, {text, tone});
}

export function findProgram(model: Model | undefined, progId: number | undefined): ProgramRow | undefined {
	return progId === undefined ? undefined : model?.programs.find(row => row.program.id === progId);
}

export function detailLines(model: Model | undefined, progId: number | undefined, section: number): DetailLine[] {
	const row = findProgram(model, progId);
	if (!model) return [note('loading', 'Loading…')];
	if (!row) return [note('gone', `No program with id ${progId ?? '?'} is loaded (it was unloaded, or never existed). Esc goes back.`, 'error')];
	switch (section) {
		case 1:
			return xlatedLines(model, row);
		case 2:
			return jitedLines(model, row);
		case 3:
			return mapLines(model, row);
		default:
			return summaryLines(model, row);
	}
}

function summaryLines(model: Model, {program, stats}: ProgramRow): DetailLine[] {
	const nowMs = model.snapshot.wallMs;
	const maps = new Map(model.snapshot.maps.map(map => [map.id, map]));
	const mapNames = (program.map_ids ?? []).map(id => `${id} ${sanitize(maps.get(id)?.name ?? '?')}`);
	const insns = program.bytes_xlated === undefined ? '' : ` (${program.bytes_xlated / 8} instruction slots of 8 bytes)`;
	const holders = allHoldersText(program.pids);
	const attachments = model.snapshot.attachments ? attachmentsOf(attachmentList(model.snapshot.attachments, model.snapshot.programs), program.id) : undefined;
	const events = model.eventsHistory.get(program.id)?.values() ?? [];
	const lines = [
		field('id', String(program.id), 'changes on every load: the kernel hands out the next free number'),
		field('tag', sanitize(program.tag), 'a hash of the instructions: the same code gives the same tag (not unique)'),
		field('type', sanitize(program.type), 'decides where it can attach, its context and the helpers it may call'),
		field('name', sanitize(program.name) || '(none)', 'the function name, cut to 15 characters by the kernel'),
		field('GPL compatible', program.gpl_compatible === undefined ? '?' : program.gpl_compatible ? 'yes' : 'no', 'only GPL-compatible programs may call GPL-only helpers'),
		field(
			'loaded at',
			program.loaded_at === undefined ? '?' : `${formatLocalTime(program.loaded_at * 1000)} (${formatAge(nowMs / 1000 - program.loaded_at)} ago)`,
			'the kernel counts from boot; bpftool converts it to wall time',
		),
		field('uid', program.uid === undefined ? '?' : String(program.uid), 'the user that loaded it'),
		field('translated', program.bytes_xlated === undefined ? '?' : `${program.bytes_xlated} bytes${insns}`, 'bytes_xlated: after the verifier rewrote it (Tab: see them)'),
		field(
			'JIT-compiled',
			program.jited === undefined ? '?' : program.jited ? `yes, ${program.bytes_jited ?? '?'} bytes of machine code` : 'no (interpreted)',
			'bytes_jited: native code the CPU runs',
		),
		field('memory locked', program.bytes_memlock === undefined ? '?' : `${program.bytes_memlock} bytes (${formatBytes(program.bytes_memlock)})`, 'bytes_memlock'),
		field('maps', mapNames.length > 0 ? mapNames.join(', ') : 'none', 'map_ids: the maps its instructions refer to'),
		field('BTF id', program.btf_id === undefined ? 'none' : String(program.btf_id), 'type information: function signatures and source lines come from it'),
		field('held by', holders || 'no process', 'processes with a file descriptor on it or on a link to it'),
		field('pinned at', (program.pinned ?? []).map(path => sanitize(path)).join(', ') || 'not pinned', 'paths in the BPF filesystem that keep it loaded'),
		field(
			'attached',
			attachments === undefined ? '…' : attachments.length === 0 ? 'nowhere bpftool can see' : attachments.map(a => sanitize([a.kind, a.target, a.mode].filter(Boolean).join(' '))).join('; '),
			'Attachments view (3) shows every hook',
		),
		field(
			'runs',
			`${formatCount(program.run_cnt ?? 0)} in all, ${formatRate(stats.eventsPerSec)}/s, avg ${formatNs(stats.avgRuntimeNs)}, CPU ${formatPercent(stats.cpuPercent)}%`,
			'run_cnt, run_time_ns: counted only while run-time stats are on',
		),
		field('runs/s', sparkline(events, Math.min(60, events.length)) || '(collecting)', events.length > 0 ? `last ${events.length} refreshes` : undefined),
		// The emulator's own remarks: which BTF CO-RE used, what the real kernel would refuse, runs that faulted.
		...(program.emulator_notes ?? []).map(text => field('emulator', sanitize(text), 'where the emulator stood in for libbpf or the kernel')),
		...(program.emulator_errors ? [field('faulted runs', `${formatCount(program.emulator_errors)}: ${sanitize(program.emulator_last_error ?? '?')}`, 'runs the emulator stopped (a bad access, an unknown helper)')] : []),
	];
	return [line('title', {text: `${sanitize(program.name) || '(no name)'} — ${sanitize(program.type)} program ${program.id}`, tone: 'heading'}), ...lines];
}

function xlatedLines(model: Model, {program}: ProgramRow): DetailLine[] {
	const dump = model.snapshot.programDump;
	if (!dump || dump.progId !== program.id) return [note('loading', 'Loading the instructions…')];
	if (!dump.xlated.ok) return [note('error', sanitize(dump.xlated.error), 'error')];
	const maps = new Map(model.snapshot.maps.map(map => [map.id, map.name]));
	const lines: DetailLine[] = [note('about', 'The instructions after the verifier: what the kernel runs (bpftool prog dump xlated). ";" lines are source from BTF.')];
	for (const insn of dump.xlated.lines) {
		if (insn.proto) lines.push(line(`proto:${insn.index}`, {text: `${sanitize(insn.proto)}:`, tone: 'function'}));
		if (insn.src) lines.push(line(`src:${insn.index}`, {text: `; ${sanitize(insn.src.trim())}`, tone: 'source'}));
		// Name the maps an instruction refers to: `map[id:5]` means little to a reader.
		const mapId = /map\[id:(\d+)\]/.exec(insn.disasm)?.[1];
		const mapName = mapId === undefined ? undefined : maps.get(Number(mapId));
		lines.push(
			line(
				`insn:${insn.index}`,
				{text: `${String(insn.index).padStart(4)}: ${sanitize(insn.disasm)}`, tone: 'value'},
				...(mapName === undefined ? [] : [{text: `   ← ${sanitize(mapName)}`, tone: 'note' as const}]),
			),
		);
	}

	return lines;
}

function jitedLines(model: Model, {program}: ProgramRow): DetailLine[] {
	const dump = model.snapshot.programDump;
	if (program.jited === false) return [note('interpreted', 'Not JIT-compiled: the kernel interprets the translated instructions.')];
	if (!dump?.jited || dump.progId !== program.id) return [note('loading', 'Loading the machine code…')];
	if (!dump.jited.ok) {
		if (dump.jited.unsupported) {
			return [
				note('unsupported', `This bpftool cannot disassemble machine code ("${sanitize(dump.jited.error)}").`, 'error'),
				note('why', `The program is JIT-compiled (${program.bytes_jited ?? '?'} bytes of native code), but this bpftool was built without a disassembler`),
				note('why2', '(Debian and Ubuntu build it without libbfd). A bpftool built with LLVM or libbfd shows the code here.'),
			];
		}

		return [note('error', sanitize(dump.jited.error), 'error')];
	}

	return dump.jited.lines.map((jited, index) => line(`jit:${index}`, {text: sanitize(jited.text), tone: jited.kind === 'insn' ? 'value' : jited.kind}));
}

function mapLines(model: Model, {program}: ProgramRow): DetailLine[] {
	const ids = program.map_ids ?? [];
	if (ids.length === 0) return [note('none', 'This program uses no maps.')];
	const maps = new Map(model.snapshot.maps.map(map => [map.id, map]));
	return [
		{...line('header', {text: `${'ID'.padStart(6)}  ${'TYPE'.padEnd(16)} ${'NAME'.padEnd(16)} ${'KEY'.padStart(5)} ${'VALUE'.padStart(6)} ${'MAX'.padStart(8)}`, tone: 'heading'}), heading: true},
		...ids.map(id => {
			const map = maps.get(id);
			const text = map
				? `${String(id).padStart(6)}  ${sanitize(map.type).padEnd(16)} ${sanitize(map.name).padEnd(16)} ${String(map.bytes_key ?? '?').padStart(5)} ${String(map.bytes_value ?? '?').padStart(6)} ${String(map.max_entries ?? '?').padStart(8)}`
				: `${String(id).padStart(6)}  (not in map show: gone since)`;
			return {key: `map:${id}`, segments: [{text, tone: 'value' as const}], mapId: id};
		}),
	];
}
