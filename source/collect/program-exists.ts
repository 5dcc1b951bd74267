// --prog ID is checked once before the monitor starts, so a wrong id is one clear line. It asks the
// plain `prog show` every backend answers, rather than `prog show id N`.
import {refreshError, type Backend} from '../backends/backend.js';
import {parseOutput} from '../parse/command-output.js';
import {programListSchema} from '../parse/program.js';

/** Undefined when the program is loaded; otherwise the line to print. */
export async function programProblem(backend: Backend, progId: number): Promise<string | undefined> {
	const [answer] = await backend.run([['prog', 'show']]);
	const parsed = parseOutput(programListSchema, answer?.output, 'prog show');
	if (!parsed.ok) throw refreshError(parsed.error);
	return parsed.value.some(program => program.id === progId) ? undefined : `--prog: no BPF program with id ${progId} is loaded (see bpftool prog show)`;
}
