// Runs one refresh's commands through `bpftool -j batch file -`: one process, commands on stdin,
// argument arrays only. When bpftool stops early at a failing command (a map that vanished), the
// commands after it are sent again, so one vanished object never blanks the refresh.
import {BackendError, type Command, type CommandOutput, type RunScope} from '../backend.js';
import {batchArgv} from './batch-argv.js';
import {batchInput} from './batch-input.js';
import {parseBatchOutput} from './batch-output.js';
import {runChild} from './run-child.js';

export type RunOptions = {
	readonly bpftool: string;
	readonly timeoutMs: number;
	readonly signal?: AbortSignal;
	readonly scope?: RunScope;
};

export async function runBatch(commands: readonly Command[], options: RunOptions): Promise<CommandOutput[]> {
	return batchRounds(commands, async rest => runOnce(rest, options));
}

/** Runs `once` on the commands bpftool has not answered yet until every one is answered (the ssh backend's runs too). */
export async function batchRounds(commands: readonly Command[], once: (commands: readonly Command[]) => Promise<CommandOutput[]>): Promise<CommandOutput[]> {
	const answers: CommandOutput[] = [];
	let rest = commands;
	// Each round answers at least one command, so this ends.
	while (rest.length > 0) {
		const outputs = await once(rest);
		if (outputs.length === 0) throw new BackendError('bpftool answered nothing', 'malformed');
		answers.push(...outputs);
		rest = rest.slice(outputs.length);
	}

	return answers;
}

async function runOnce(commands: readonly Command[], options: RunOptions): Promise<CommandOutput[]> {
	const {file, args} = batchArgv(options.bpftool, options.scope);
	const result = await runChild(file, args, {
		input: batchInput(commands),
		timeoutMs: options.timeoutMs,
		signal: options.signal,
		maxBuffer: 256 * 1024 * 1024,
		env: {LC_ALL: 'C'},
	});

	if (result.timedOut) {
		throw new BackendError(`bpftool did not answer within ${(options.timeoutMs / 1000).toFixed(1)} s`, 'timeout');
	}

	if (result.exitCode === undefined) {
		const code = result.error?.code;
		if (code === 'ENOENT' && file === 'nsenter') throw new BackendError('nsenter not found: --netns needs it (apt-get install util-linux)', 'missing');
		if (code === 'ENOENT') {
			throw new BackendError(
				`bpftool not found at "${options.bpftool}": install it (apt-get install bpftool, dnf install bpftool) or pass --bpftool PATH`,
				'missing',
			);
		}

		if (code === 'EACCES') throw new BackendError(`cannot execute "${options.bpftool}" (permission denied)`, 'permission');
		if (result.canceled) throw new BackendError('refresh cancelled', 'failed');
		if (code === 'ENOBUFS') throw new BackendError('bpftool printed more than 256 MB', 'failed');
		const signal = result.signal ? ` by ${result.signal}` : '';
		throw new BackendError(`bpftool was killed${signal}`, 'failed');
	}

	return batchAnswers(commands, result.stdout, result.stderr, result.exitCode);
}

/** What one bpftool batch run answered, from its output and exit code; a run that answered nothing and failed says why. */
export function batchAnswers(commands: readonly Command[], stdout: string, stderrText: string, exitCode: number | undefined): CommandOutput[] {
	const parsed = parseBatchOutput(stdout);
	if (!parsed.ok) throw new BackendError(parsed.error, 'malformed');
	if (parsed.outputs.length === 0 && exitCode !== 0) {
		const stderr = stderrText.trim().split('\n').pop() || parsed.stray || '';
		if (/not permitted|permission denied/i.test(stderr)) {
			throw new BackendError(`bpftool: ${stderr} (run as root, or with CAP_BPF and CAP_PERFMON)`, 'permission');
		}

		throw new BackendError(`bpftool exited with code ${exitCode}${stderr ? `: ${stderr}` : ''}`, 'failed');
	}

	return parsed.outputs.slice(0, commands.length);
}
