// Runs one child process with its input on stdin and collects what it prints: what the bpftool
// backend needs of a process runner, on node:child_process alone. execa did the same, but loading it
// cost ~25 ms before the first frame on the real kernel, and each run ~3 ms more CPU than a spawn.
import {spawn} from 'node:child_process';

export type ChildOptions = {
	/** Written to stdin, which is then closed. */
	readonly input?: string;
	/** Killed (SIGTERM, then SIGKILL after a grace period) when it runs longer. */
	readonly timeoutMs?: number;
	/** Killed when this aborts. */
	readonly signal?: AbortSignal;
	/** Added to the environment the monitor runs in. */
	readonly env?: Readonly<Record<string, string>>;
	/** Killed when stdout or stderr grows past this many bytes. */
	readonly maxBuffer?: number;
};

export type ChildResult = {
	readonly stdout: string;
	readonly stderr: string;
	/** Undefined when it did not exit by itself (killed, or never started). */
	readonly exitCode?: number;
	readonly signal?: NodeJS.Signals;
	readonly timedOut: boolean;
	readonly canceled: boolean;
	/** Why it never started (ENOENT, EACCES …), or why its output was cut (maxBuffer). */
	readonly error?: NodeJS.ErrnoException;
};

/** After SIGTERM, how long a child may take to go before SIGKILL. */
const graceMs = 2000;

export async function runChild(file: string, args: readonly string[], options: ChildOptions = {}): Promise<ChildResult> {
	const {input, timeoutMs, signal, env, maxBuffer = Number.POSITIVE_INFINITY} = options;
	if (signal?.aborted) return {stdout: '', stderr: '', timedOut: false, canceled: true};
	return new Promise(resolve => {
		const child = spawn(file, args, {env: env ? {...process.env, ...env} : process.env, stdio: ['pipe', 'pipe', 'pipe']});
		const stdout: Buffer[] = [];
		const stderr: Buffer[] = [];
		let bytes = 0;
		let timedOut = false;
		let canceled = false;
		let error: NodeJS.ErrnoException | undefined;
		let force: NodeJS.Timeout | undefined;

		const kill = () => {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill('SIGTERM');
			force ??= setTimeout(() => child.kill('SIGKILL'), graceMs);
			force.unref();
		};

		const collect = (into: Buffer[]) => (chunk: Buffer) => {
			bytes += chunk.length;
			if (bytes > maxBuffer) {
				error ??= Object.assign(new Error(`output larger than ${maxBuffer} bytes`), {code: 'ENOBUFS'});
				kill();
				return;
			}

			into.push(chunk);
		};

		const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
			timedOut = true;
			kill();
		}, timeoutMs);
		const onAbort = () => {
			canceled = true;
			kill();
		};

		signal?.addEventListener('abort', onAbort, {once: true});
		child.stdout.on('data', collect(stdout));
		child.stderr.on('data', collect(stderr));
		// A child that exits without reading its input (bpftool missing, a usage error) closes the pipe.
		child.stdin.on('error', () => {});
		child.on('error', (spawnError: NodeJS.ErrnoException) => {
			error ??= spawnError;
		});
		child.on('close', (code, killedBy) => {
			clearTimeout(timer);
			clearTimeout(force);
			signal?.removeEventListener('abort', onAbort);
			resolve({
				stdout: Buffer.concat(stdout).toString('utf8'),
				stderr: Buffer.concat(stderr).toString('utf8'),
				// A child that never started reports a negative errno as its code: not an exit.
				...(code === null || child.pid === undefined ? {} : {exitCode: code}),
				...(killedBy === null ? {} : {signal: killedBy}),
				timedOut,
				canceled,
				...(error === undefined ? {} : {error}),
			});
		});
		child.stdin.end(input ?? '');
	});
}
