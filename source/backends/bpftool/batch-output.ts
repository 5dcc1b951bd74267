// `bpftool -j batch file -` prints one JSON array: [{command, output}, …]. It stops at the first
// failing command, so the array can be shorter than what was asked.
import {z} from 'zod';
import type {CommandOutput} from '../backend.js';

const batchSchema = z.array(z.object({command: z.array(z.string()), output: z.unknown()}));

export type BatchParse = {ok: true; outputs: CommandOutput[]} | {ok: false; error: string};

export function parseBatchOutput(stdout: string): BatchParse {
	const text = stdout.trim();
	if (text === '') return {ok: true, outputs: []};
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		return {ok: false, error: `bpftool printed malformed JSON (${(error as Error).message})`};
	}

	const result = batchSchema.safeParse(json);
	if (!result.success) return {ok: false, error: 'bpftool printed JSON of an unexpected shape (expected a batch array)'};
	return {ok: true, outputs: result.data.map(({command, output}) => ({command, output}))};
}
