// One command's output from a batch: either bpftool's `{error}` object or a value for a schema.
import type {z} from 'zod';

export type Parsed<T> = {ok: true; value: T} | {ok: false; error: string};

/** A cheaper way to a schema's result (fast-shape.ts: often the output itself); undefined means "ask the schema". */
export type FastParse<T> = (output: unknown) => T | undefined;

const fastParsers = new WeakMap<object, FastParse<unknown>>();

/** Gives `schema` a fast path that parseOutput tries first; it must accept only what the schema does, and give the same value. */
export function withFastParse<S extends z.ZodType>(schema: S, fast: FastParse<z.output<S>>): S {
	fastParsers.set(schema, fast);
	return schema;
}

/**
 * bpftool answers a failed command with `{"error": "…"}` — or, when the failure comes after it has
 * opened the list (an unprivileged `prog show`), with `[{"error": "…"}]`.
 */
export function bpftoolError(output: unknown): string | undefined {
	const candidate = Array.isArray(output) && output.length === 1 ? output[0] : output;
	if (typeof candidate === 'object' && candidate !== null && !Array.isArray(candidate) && 'error' in candidate) {
		const {error} = candidate as {error: unknown};
		return typeof error === 'string' ? error : JSON.stringify(error);
	}

	return undefined;
}

/** Validates one command's output; an error names the command and the first problem found. */
export function parseOutput<T>(schema: z.ZodType<T>, output: unknown, what: string): Parsed<T> {
	const error = bpftoolError(output);
	if (error !== undefined) return {ok: false, error: `${what}: ${error}`};
	const fast = fastParsers.get(schema)?.(output);
	if (fast !== undefined) return {ok: true, value: fast as T};
	const result = schema.safeParse(output);
	if (result.success) return {ok: true, value: result.data};
	const issue = result.error.issues[0];
	const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
	return {ok: false, error: `${what}: unexpected output from bpftool${where}: ${issue?.message ?? 'invalid'}`};
}
