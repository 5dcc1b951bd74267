// `bpftool -j map show` → typed maps.
import {z} from 'zod';
import {withFastParse} from './command-output.js';
import {canonicalList, canonicalObject, type Shape} from './fast-shape.js';

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
	// A program array's: the type of the programs it may hold, once one was added (bpftool prints
	// the type's name, or its number when it does not know the name).
	owner_prog_type: z.union([z.string(), z.number()]).optional(),
	owner_jited: z.boolean().optional(),
	frozen: z.union([z.number(), z.boolean()]).optional(),
	btf_id: count.optional(),
	btf_vmlinux_value_type_id: count.optional(),
	pinned: z.array(z.string()).optional(),
	pids: z.array(z.looseObject({pid: z.number(), comm: z.string()})).optional(),
});

export type BpfMap = z.infer<typeof mapSchema>;

/** mapSchema spelled for the fast path (test/parse/fast-shape.test.ts holds them equal). */
export const mapShape: Shape = {
	id: {kind: 'count', required: true},
	type: {kind: 'string', required: true},
	name: {kind: 'text'},
	flags: {kind: 'number'},
	bytes_key: {kind: 'count'},
	bytes_value: {kind: 'count'},
	max_entries: {kind: 'count'},
	bytes_memlock: {kind: 'count'},
	owner_prog_type: {kind: 'stringOrNumber'},
	owner_jited: {kind: 'boolean'},
	frozen: {kind: 'numberOrBoolean'},
	btf_id: {kind: 'count'},
	btf_vmlinux_value_type_id: {kind: 'count'},
	pinned: {kind: 'strings'},
	pids: {kind: 'pids'},
};

withFastParse(mapSchema, output => canonicalObject<BpfMap>(mapShape, output));

export const mapListSchema = withFastParse(z.array(mapSchema), output => canonicalList<BpfMap>(mapShape, output));
