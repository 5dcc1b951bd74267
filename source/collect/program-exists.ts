// --prog ID is checked once before the monitor starts, so a wrong id is one clear line.
import type {Backend} from '../backends/backend.js';
import {parseOutput} from '../parse/command-output.js';
import {programSchema} from '../parse/program.js';

/** Undefined when the program is loaded; otherwise the line to print. */
export async function programProblem(backend: Backend, progId: number): Promise<string | undefined> {
	const [answer] = await backend.run([['prog', 'show', 'id', String(progId)]]);
	const parsed = parseOutput(programSchema, answer?.output, `prog show id ${progId}`);
	return parsed.ok ? undefined : `--prog: no BPF program with id ${progId} is loaded (${parsed.error})`;
}
