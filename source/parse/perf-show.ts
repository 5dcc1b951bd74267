// `bpftool -j perf show` → programs attached through perf events that a process holds open
// (kprobes, uprobes, tracepoints, raw tracepoints attached the old way).
import {z} from 'zod';

export const perfEntrySchema = z.looseObject({
	pid: z.number(),
	/** Not bpftool's: the backend adds the process name (bpftool prints only the pid). */
	comm: z.string().optional(),
	fd: z.number(),
	prog_id: z.number().int().nonnegative(),
	/** raw_tracepoint, tracepoint, kprobe, kretprobe, uprobe, uretprobe. */
	fd_type: z.string(),
	tracepoint: z.string().optional(),
	func: z.string().optional(),
	filename: z.string().optional(),
	offset: z.number().optional(),
	addr: z.number().optional(),
});

export const perfShowSchema = z.array(perfEntrySchema);

export type PerfEntry = z.infer<typeof perfEntrySchema>;
