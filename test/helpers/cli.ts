// Runs the built CLI (dist/cli.cjs) as a user would: as a child process, or inside a pseudo-terminal.
import {spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import pty from 'node-pty';
import {VirtualScreen} from './screen.js';

export const cliPath = fileURLToPath(new URL('../../dist/cli.cjs', import.meta.url));

export type CliResult = {status: number | null; stdout: string; stderr: string};

export function runCli(args: string[], options: {env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string} = {}): CliResult {
	const result = spawnSync(process.execPath, [cliPath, ...args], {
		encoding: 'utf8',
		timeout: options.timeoutMs ?? 30_000,
		input: options.input ?? '',
		maxBuffer: 256 * 1024 * 1024,
		env: {...process.env, ...options.env},
	});
	return {status: result.status, stdout: result.stdout, stderr: result.stderr};
}

/** The CLI in a pseudo-terminal. Ink renders only the last frame when CI=true, so CI=false is passed. */
export type PtyRun = {
	/** Every byte the CLI wrote, escape sequences and all. */
	readonly output: () => string;
	/** The screen as a user sees it now (the output replayed in a headless terminal), lines joined by \n. */
	screen(): Promise<string>;
	write(data: string): void;
	resize(columns: number, rows: number): void;
	waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<void>;
	exited: Promise<{exitCode: number; signal?: number}>;
	kill(signal?: string): void;
	pid: number;
};

export function runInPty(args: string[], options: {columns?: number; rows?: number; env?: Record<string, string>} = {}): PtyRun {
	let output = '';
	const columns = options.columns ?? 120;
	const rows = options.rows ?? 40;
	// The frame writer draws only the cells that changed: read the screen, not the byte stream.
	const virtual = new VirtualScreen(columns, rows);
	let replayed = Promise.resolve();
	const child = pty.spawn(process.execPath, [cliPath, ...args], {
		// node-pty sets TERM from this name, so a test's TERM (dumb …) goes here.
		name: options.env?.TERM ?? 'xterm-256color',
		cols: columns,
		rows,
		env: {...(process.env as Record<string, string>), CI: 'false', ...options.env},
	});
	child.onData(data => {
		output += data;
		replayed = replayed.then(async () => virtual.write(data));
	});
	const screen = async () => {
		await replayed;
		return virtual.lines().join('\n');
	};
	const exited = new Promise<{exitCode: number; signal?: number}>(resolve => {
		child.onExit(resolve);
	});
	return {
		output: () => output,
		screen,
		write: data => child.write(data),
		resize(newColumns, newRows) {
			child.resize(newColumns, newRows);
			replayed = replayed.then(() => virtual.resize(newColumns, newRows));
		},
		kill: signal => child.kill(signal),
		pid: child.pid,
		exited,
		async waitFor(pattern, timeoutMs = 15_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				// The screen, or the byte stream as text (TERM=dumb appends frames, which scroll away).
				const text = await screen();
				const plain = output.replaceAll(/\u001B\[[\d;?]*[A-Za-z]/g, '');
				const found = (candidate: string) => (typeof pattern === 'string' ? candidate.includes(pattern) : pattern.test(candidate));
				if (found(text) || found(plain)) return;
				if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(pattern)}; screen:\n${text}`);
				await new Promise(resolve => setTimeout(resolve, 25));
			}
		},
	};
}

/** Runs `body` with the CLI in a pseudo-terminal, killed afterwards however the body ended. */
export async function withPty(args: string[], options: Parameters<typeof runInPty>[1], body: (run: PtyRun) => Promise<void>): Promise<void> {
	const run = runInPty(args, options);
	try {
		await body(run);
	} finally {
		try {
			run.kill('SIGKILL');
		} catch {}
	}
}
