// `bpftool -j prog show` → typed programs. bpftool's own fields are kept (the JSON output
// promises them), the ones we compute with are checked.
import {z} from 'zod';

const count = z.number().int().nonnegative();

export const programSchema = z.looseObject({
	id: count,
	type: z.string(),
	name: z.string().default(''),
	tag: z.string().default(''),
	gpl_compatible: z.boolean().optional(),
	run_time_ns: count.optional(),
	run_cnt: count.optional(),
	recursion_misses: count.optional(),
	loaded_at: z.number().optional(),
	uid: z.number().optional(),
	bytes_xlated: count.optional(),
	jited: z.boolean().optional(),
	bytes_jited: count.optional(),
	bytes_memlock: count.optional(),
	map_ids: z.array(count).optional(),
	btf_id: count.optional(),
	pinned: z.array(z.string()).optional(),
	pids: z.array(z.looseObject({pid: z.number(), comm: z.string()})).optional(),
});

export type Program = z.infer<typeof programSchema>;

export const programListSchema = z.array(programSchema);
