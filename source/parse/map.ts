// `bpftool -j map show` → typed maps.
import {z} from 'zod';

const count = z.number().int().nonnegative();

export const mapSchema = z.looseObject({
	id: count,
	type: z.string(),
	name: z.string().default(''),
	flags: z.number().optional(),
	bytes_key: count.optional(),
	bytes_value: count.optional(),
	max_entries: count.optional(),
	bytes_memlock: count.optional(),
	frozen: z.union([z.number(), z.boolean()]).optional(),
	btf_id: count.optional(),
	pinned: z.array(z.string()).optional(),
	pids: z.array(z.looseObject({pid: z.number(), comm: z.string()})).optional(),
});

export type BpfMap = z.infer<typeof mapSchema>;

export const mapListSchema = z.array(mapSchema);
