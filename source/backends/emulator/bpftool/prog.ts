// `bpftool -j prog show`: one object per program, fields in bpftool's order.
import type {LoadedProgram} from '../kernel/program.js';
import type {Json} from '../../../btf/format.js';
import type {XlatedFigures} from '../kernel/xlated-cache.js';

/** What the verifier model adds: a poisoned instruction the kernel would reach, a model that gave up. */
function xlatedNotes(p: LoadedProgram, xlated: XlatedFigures): string[] {
	const notes = xlated.poisonedReached.map(insn => {
		const relocation = p.spec.poisoned?.find(poison => poison.insn === insn)?.relocation ?? `insn ${insn}`;
		return `the kernel's verifier would refuse it: failed to resolve CO-RE relocation ${relocation} (insn ${insn} is reachable)`;
	});
	if (!xlated.complete) notes.push('bytes_xlated: the verifier model ran out of steps, so dead code is not removed');
	return notes;
}

/** The last answer for each program, with the counters it was made from. */
type Answered = {runTimeNs: number; runCnt: number; errors: number; lastError: string | undefined; json: {readonly [key: string]: Json}};
const answered = new WeakMap<LoadedProgram, Answered>();

/**
 * A program's `prog show` object. An idle program's answer is the last one itself (as the bpftool
 * backend's listing cache answers it), and a new one shares the last one's map_ids, pids and notes,
 * which do not change after the load: a thousand programs' answers are made every refresh and kept
 * by the model for a refresh or two, so what they allocate is what the young generation has to hold.
 */
export function programJson(p: LoadedProgram): Json {
	const {stats} = p;
	const last = answered.get(p);
	if (last !== undefined && last.runTimeNs === stats.runTimeNs && last.runCnt === stats.runCnt && last.errors === stats.errors && last.lastError === stats.lastError) return last.json;
	// The counters moved and nothing else did (the usual case): a copy of the last answer with them,
	// which V8 makes in one piece with the last one's layout; built key by key, an answer's
	// property array is grown (and copied) three times.
	const json = last !== undefined && last.runTimeNs > 0 && last.errors === stats.errors && last.lastError === stats.lastError
		? {...last.json, run_time_ns: stats.runTimeNs, run_cnt: stats.runCnt}
		: programObject(p, last?.json);
	if (last === undefined) answered.set(p, {runTimeNs: stats.runTimeNs, runCnt: stats.runCnt, errors: stats.errors, lastError: stats.lastError, json});
	else {
		last.runTimeNs = stats.runTimeNs;
		last.runCnt = stats.runCnt;
		last.errors = stats.errors;
		last.lastError = stats.lastError;
		last.json = json;
	}

	return json;
}

function programObject(p: LoadedProgram, last: {readonly [key: string]: Json} | undefined): {[key: string]: Json} {
	const out: {[key: string]: Json} = {id: p.id, type: p.type, name: p.name, tag: p.tag, gpl_compatible: p.gplCompatible};
	// bpftool prints the run-time stats only when run_time_ns is non-zero.
	if (p.stats.runTimeNs > 0) {
		out.run_time_ns = p.stats.runTimeNs;
		out.run_cnt = p.stats.runCnt;
	}

	out.loaded_at = p.loadedAt;
	out.uid = p.uid;
	const xlated = p.xlatedFigures();
	out.bytes_xlated = xlated.bytes;
	out.jited = true;
	out.bytes_jited = p.bytesJited;
	out.bytes_memlock = p.bytesMemlock;
	if (p.mapIds.length > 0) out.map_ids = last?.map_ids ?? [...p.mapIds];
	if (p.btfId !== undefined) out.btf_id = p.btfId;
	if (p.owner !== undefined) out.pids = last?.pids ?? [{pid: p.owner.pid, comm: p.owner.comm}];
	// Not bpftool: how the load went and faulted runs, present only when there is something to say (parsers ignore unknown fields).
	const notes = last === undefined ? [...p.notes, ...xlatedNotes(p, xlated)] : last.emulator_notes;
	if (Array.isArray(notes) && notes.length > 0) out.emulator_notes = notes;
	if (p.stats.errors > 0) {
		out.emulator_errors = p.stats.errors;
		out.emulator_last_error = p.stats.lastError ?? '';
	}

	return out;
}
