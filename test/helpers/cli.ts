// Runs the built CLI (dist/cli.js) as a user would: as a child process, or inside a pseudo-terminal.
import {spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import pty from 'node-pty';

export const cliPath = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export type CliResult = {status: number | null; stdout: string; stderr: string};

export function runCli(args: string[], options: {env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string} = {}): CliResult {
	const result = spawnSync(process.execPath, [cliPath, ...args], {
		encoding: 'utf8',
		timeout: options.timeoutMs ?? 30_000,
		input: options.input ?? '',
		env: {...process.env, ...options.env},
	});
	return {status: result.status, stdout: result.stdout, stderr: result.stderr};
}

/** The CLI in a pseudo-terminal. Ink renders only the last frame when CI=true, so CI=false is passed. */
export type PtyRun = {
	readonly output: () => string;
	write(data: string): void;
	resize(columns: number, rows: number): void;
	waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<void>;
	exited: Promise<{exitCode: number; signal?: number}>;
	kill(signal?: string): void;
	pid: number;
};

export function runInPty(args: string[], options: {columns?: number; rows?: number; env?: Record<string, string>} = {}): PtyRun {
	let output = '';
	const child = pty.spawn(process.execPath, [cliPath, ...args], {
		name: 'xterm-256color',
		cols: options.columns ?? 120,
		rows: options.rows ?? 40,
		env: {...(process.env as Record<string, string>), CI: 'false', ...options.env},
	});
	child.onData(data => {
		output += data;
	});
	const exited = new Promise<{exitCode: number; signal?: number}>(resolve => {
		child.onExit(resolve);
	});
	return {
		output: () => output,
		write: data => child.write(data),
		resize: (columns, rows) => child.resize(columns, rows),
		kill: signal => child.kill(signal),
		pid: child.pid,
		exited,
		async waitFor(pattern, timeoutMs = 10_000) {
			const deadline = Date.now() + timeoutMs;
			const matches = () => (typeof pattern === 'string' ? output.includes(pattern) : pattern.test(output));
			while (!matches()) {
				if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(pattern)}; output so far:\n${output.slice(-2000)}`);
				await new Promise(resolve => setTimeout(resolve, 25));
			}
		},
	};
}
