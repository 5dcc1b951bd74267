// `bpftool -j cgroup tree` → the programs attached to each cgroup (v2) below the mount point.
import {z} from 'zod';

export const cgroupProgramSchema = z.looseObject({
	id: z.number().int().nonnegative(),
	attach_type: z.union([z.string(), z.number()]),
	/** '', 'multi' or 'override'. */
	attach_flags: z.string().default(''),
	name: z.string().default(''),
});

export const cgroupTreeSchema = z.array(z.looseObject({cgroup: z.string(), programs: z.array(cgroupProgramSchema).default([])}));

export type CgroupTree = z.infer<typeof cgroupTreeSchema>;
