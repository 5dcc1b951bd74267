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
type Answered = {
	runTimeNs: number;
	runCnt: number;
	errors: number;
	lastError: string | undefined;
	json: {readonly [key: string]: Json};
	/** json has USUAL_KEYS, in order (undefined: not looked at yet). */
	usual: boolean | undefined;
};

/** The keys of the usual answer (a program with stats, maps, BTF and an owner, nothing to note), in order. */
const USUAL_KEYS = 'id,type,name,tag,gpl_compatible,run_time_ns,run_cnt,loaded_at,uid,bytes_xlated,jited,bytes_jited,bytes_memlock,map_ids,btf_id,pids';
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
	// The counters moved and nothing else did (the usual case): a copy of the last answer with them
	// (withCounters); built key by key, an answer's property array is grown (and copied) three times.
	const copy = last !== undefined && last.runTimeNs > 0 && last.errors === stats.errors && last.lastError === stats.lastError;
	const json = copy ? withCounters(last, stats.runTimeNs, stats.runCnt) : programObject(p, last?.json);
	if (last === undefined) answered.set(p, {runTimeNs: stats.runTimeNs, runCnt: stats.runCnt, errors: stats.errors, lastError: stats.lastError, json, usual: undefined});
	else {
		// A copy has the last answer's keys; an answer made afresh is looked at again.
		if (!copy) last.usual = undefined;
		last.runTimeNs = stats.runTimeNs;
		last.runCnt = stats.runCnt;
		last.errors = stats.errors;
		last.lastError = stats.lastError;
		last.json = json;
	}

	return json;
}

/**
 * The last answer with new counters. The usual answer is written as one literal, which V8 makes
 * with every field inside the object: a spread copy carries the first answer's layout (a few
 * fields in the object, the rest in a property array) and was ~480 bytes an answer against ~320.
 * ~900 of 1,000 programs' counters move every second. Other answers are spread.
 */
function withCounters(last: Answered, runTimeNs: number, runCnt: number): {readonly [key: string]: Json} {
	const j = last.json;
	last.usual ??= Object.keys(j).join(',') === USUAL_KEYS;
	if (!last.usual) return {...j, run_time_ns: runTimeNs, run_cnt: runCnt};
	return {
		id: j.id!, type: j.type!, name: j.name!, tag: j.tag!, gpl_compatible: j.gpl_compatible!,
		run_time_ns: runTimeNs, run_cnt: runCnt,
		loaded_at: j.loaded_at!, uid: j.uid!, bytes_xlated: j.bytes_xlated!, jited: j.jited!,
		bytes_jited: j.bytes_jited!, bytes_memlock: j.bytes_memlock!, map_ids: j.map_ids!, btf_id: j.btf_id!, pids: j.pids!,
	};
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
