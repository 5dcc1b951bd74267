// `bpftool -j prog show` → typed programs. bpftool's own fields are kept (the JSON output
// promises them), the ones we compute with are checked.
import {z} from 'zod';
import {withFastParse} from './command-output.js';
import {canonicalList, canonicalObject, type Shape} from './fast-shape.js';

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
	/** Not bpftool's: the emulator says where it stood in for libbpf or the kernel, and its faulted runs. */
	emulator_notes: z.array(z.string()).optional(),
	emulator_errors: count.optional(),
	emulator_last_error: z.string().optional(),
});

export type Program = z.infer<typeof programSchema>;

/** programSchema spelled for the fast path (test/parse/fast-shape.test.ts holds them equal). */
export const programShape: Shape = {
	id: {kind: 'count', required: true},
	type: {kind: 'string', required: true},
	name: {kind: 'text'},
	tag: {kind: 'text'},
	gpl_compatible: {kind: 'boolean'},
	run_time_ns: {kind: 'count'},
	run_cnt: {kind: 'count'},
	recursion_misses: {kind: 'count'},
	loaded_at: {kind: 'number'},
	uid: {kind: 'number'},
	bytes_xlated: {kind: 'count'},
	jited: {kind: 'boolean'},
	bytes_jited: {kind: 'count'},
	bytes_memlock: {kind: 'count'},
	map_ids: {kind: 'counts'},
	btf_id: {kind: 'count'},
	pinned: {kind: 'strings'},
	pids: {kind: 'pids'},
	emulator_notes: {kind: 'strings'},
	emulator_errors: {kind: 'count'},
	emulator_last_error: {kind: 'string'},
};

withFastParse(programSchema, output => canonicalObject<Program>(programShape, output));

export const programListSchema = withFastParse(z.array(programSchema), output => canonicalList<Program>(programShape, output));
