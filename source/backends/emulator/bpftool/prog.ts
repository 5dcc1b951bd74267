// `bpftool -j prog show`: one object per program, fields in bpftool's order.
import type {LoadedProgram} from '../kernel/program.js';
import type {Json} from '../../../btf/format.js';
import type {Xlated} from '../verifier/xlated.js';

/** What the verifier model adds: a poisoned instruction the kernel would reach, a model that gave up. */
function xlatedNotes(p: LoadedProgram, xlated: Xlated): string[] {
	const notes = xlated.poisonedReached.map(insn => {
		const relocation = p.spec.poisoned?.find(poison => poison.insn === insn)?.relocation ?? `insn ${insn}`;
		return `the kernel's verifier would refuse it: failed to resolve CO-RE relocation ${relocation} (insn ${insn} is reachable)`;
	});
	if (!xlated.complete) notes.push('bytes_xlated: the verifier model ran out of steps, so dead code is not removed');
	return notes;
}

export function programJson(p: LoadedProgram): Json {
	const out: {[key: string]: Json} = {id: p.id, type: p.type, name: p.name, tag: p.tag, gpl_compatible: p.gplCompatible};
	// bpftool prints the run-time stats only when run_time_ns is non-zero.
	if (p.stats.runTimeNs > 0) {
		out.run_time_ns = p.stats.runTimeNs;
		out.run_cnt = p.stats.runCnt;
	}

	out.loaded_at = p.loadedAt;
	out.uid = p.uid;
	const xlated = p.xlated();
	out.bytes_xlated = xlated.insns.length;
	out.jited = true;
	out.bytes_jited = p.bytesJited;
	out.bytes_memlock = p.bytesMemlock;
	if (p.mapIds.length > 0) out.map_ids = [...p.mapIds];
	if (p.btfId !== undefined) out.btf_id = p.btfId;
	if (p.owner !== undefined) out.pids = [{pid: p.owner.pid, comm: p.owner.comm}];
	// Not bpftool: how the load went and faulted runs, present only when there is something to say (parsers ignore unknown fields).
	const notes = [...p.notes, ...xlatedNotes(p, xlated)];
	if (notes.length > 0) out.emulator_notes = notes;
	if (p.stats.errors > 0) {
		out.emulator_errors = p.stats.errors;
		out.emulator_last_error = p.stats.lastError ?? '';
	}

	return out;
}
