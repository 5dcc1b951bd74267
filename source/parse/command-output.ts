// One command's output from a batch: either bpftool's `{error}` object or a value for a schema.
import type {z} from 'zod';

export type Parsed<T> = {ok: true; value: T} | {ok: false; error: string};

/** bpftool answers a failed command with `{"error": "…"}`. */
export function bpftoolError(output: unknown): string | undefined {
	if (typeof output === 'object' && output !== null && !Array.isArray(output) && 'error' in output) {
		const {error} = output as {error: unknown};
		return typeof error === 'string' ? error : JSON.stringify(error);
	}

	return undefined;
}

/** Validates one command's output; an error names the command and the first problem found. */
export function parseOutput<T>(schema: z.ZodType<T>, output: unknown, what: string): Parsed<T> {
	const error = bpftoolError(output);
	if (error !== undefined) return {ok: false, error: `${what}: ${error}`};
	const result = schema.safeParse(output);
	if (result.success) return {ok: true, value: result.data};
	const issue = result.error.issues[0];
	const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
	return {ok: false, error: `${what}: unexpected output from bpftool${where}: ${issue?.message ?? 'invalid'}`};
}
