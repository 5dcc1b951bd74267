// `bpftool -j perf show`: programs attached through perf events (kprobes, tracepoints) and raw
// tracepoints, one entry per file descriptor a process holds, as bpftool finds them by walking
// /proc/PID/fd: sorted by pid, then fd.
import type {EmulatorKernel} from '../kernel.js';
import type {Json} from '../../../btf/format.js';

/** A holder's first fds are stdin/out/err and the loader's own (the object's BTF, maps, programs). */
const firstFd = 8;

export function perfJson(kernel: EmulatorKernel): Json {
	const entries: Array<{pid: number; fd: number; json: {[key: string]: Json}}> = [];
	const nextFd = new Map<number, number>();
	for (const program of kernel.programsInOrder()) {
		const owner = program.owner;
		if (owner === undefined) continue;
		for (const {at} of program.attachments) {
			const what: {[key: string]: Json} | undefined =
				at.kind === 'kprobe'
					? {fd_type: 'kprobe', func: at.func, offset: 0}
					: at.kind === 'tracepoint'
						? {fd_type: 'tracepoint', tracepoint: at.name}
						: at.kind === 'raw_tracepoint'
							? {fd_type: 'raw_tracepoint', tracepoint: at.name}
							: undefined;
			if (what === undefined) continue;
			const fd = nextFd.get(owner.pid) ?? firstFd;
			nextFd.set(owner.pid, fd + 1);
			entries.push({pid: owner.pid, fd, json: {pid: owner.pid, fd, prog_id: program.id, ...what}});
		}
	}

	return entries.sort((a, b) => a.pid - b.pid || a.fd - b.fd).map(entry => entry.json);
}
