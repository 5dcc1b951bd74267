// `bpftool -j batch file -` prints one JSON array: [{command, output}, …]. It stops at the first
// failing command, so the array can be shorter than what was asked.
import {z} from 'zod';
import type {CommandOutput} from '../backend.js';
import {parseJsonTolerant} from '../../parse/tolerant-json.js';

// After the last command bpftool may add `{"error": "reading batch file failed: …"}` (a stale errno
// left by `cgroup tree` or `perf show`): an entry without a command answers nothing and is dropped.
const batchSchema = z.array(z.union([z.object({command: z.array(z.string()), output: z.unknown()}), z.object({error: z.unknown()})]));

// bpftool's `net show` prints an attached flow dissector as `"flow_dissector":["id":N]` (a field
// inside an array): invalid JSON that would sink the whole batch. Mended only when parsing fails.
const brokenFlowDissector = /"flow_dissector":\["id":(\d+)\]/g;

/** `stray`: an error bpftool printed outside any command (the only clue when nothing was answered). */
export type BatchParse = {ok: true; outputs: CommandOutput[]; stray?: string} | {ok: false; error: string};

export function parseBatchOutput(stdout: string): BatchParse {
	const text = stdout.trim();
	if (text === '') return {ok: true, outputs: []};
	let json: unknown;
	try {
		// Raw control characters in names (a pinned path, an interface) are read, not refused.
		json = parseJsonTolerant(text);
	} catch (error) {
		try {
			json = parseJsonTolerant(text.replace(brokenFlowDissector, '"flow_dissector":[{"id":$1}]'));
		} catch {
			return {ok: false, error: `bpftool printed malformed JSON (${(error as Error).message})`};
		}
	}

	const result = batchSchema.safeParse(json);
	if (!result.success) return {ok: false, error: 'bpftool printed JSON of an unexpected shape (expected a batch array)'};
	const outputs = result.data.flatMap(entry => ('command' in entry ? [{command: entry.command, output: entry.output}] : []));
	const stray = result.data.flatMap(entry => ('command' in entry ? [] : [typeof entry.error === 'string' ? entry.error : JSON.stringify(entry.error)]))[0];
	return stray === undefined ? {ok: true, outputs} : {ok: true, outputs, stray};
}
