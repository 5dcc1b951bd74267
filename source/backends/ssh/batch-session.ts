// The host's bpftool runner: one long-lived session over the connection (remote-scripts.ts,
// batchScript) that runs `bpftool -j batch file -` for each request. A refresh costs the host one
// bpftool run, and us a write and a read: no ssh process, remote shell or sudo per refresh.
import {spawn, type ChildProcessByStdio} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import type {Readable, Writable} from 'node:stream';
import {BackendError, type Command} from '../backend.js';
import {batchInput} from '../bpftool/batch-input.js';
import {batchRequest, frameReader, type FramedAnswer} from './batch-frames.js';
import {sessionArgv, type SshTarget} from './ssh-argv.js';
import {sshComplaint} from './ssh-errors.js';
import {batchScript, remoteCommand} from './remote-scripts.js';
import {endChild} from './end-child.js';

export type BatchRun = {readonly pinned: boolean; readonly timeoutMs: number; readonly signal?: AbortSignal};

export type BatchSession = {
	/** One bpftool batch on the host; requests wait for the one before them. */
	run(commands: readonly Command[], options: BatchRun): Promise<FramedAnswer>;
	readonly alive: boolean;
	close(): Promise<void>;
};

/** An answer bigger than this (a huge map dump) ends the session rather than our memory. */
const maxAnswerChars = 256 * 1024 * 1024;

type Waiting = {resolve(answer: FramedAnswer): void; reject(error: Error): void};

export function openBatchSession(target: SshTarget, bpftool: string, sudo: boolean): BatchSession {
	const token = `bpftop-ts-${randomBytes(16).toString('hex')}`;
	const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn('ssh', sessionArgv(target, remoteCommand(batchScript, [bpftool, token], sudo)), {
		stdio: ['pipe', 'pipe', 'pipe'],
		env: {...process.env, LC_ALL: 'C'},
	});
	const frames = frameReader(token);
	let alive = true;
	let stderr = '';
	let waiting: Waiting | undefined;
	let queue = Promise.resolve();

	const fail = (error: Error) => {
		const current = waiting;
		waiting = undefined;
		current?.reject(error);
	};

	const ended = new Promise<void>(resolve => {
		child.on('error', error => {
			alive = false;
			fail(new BackendError(`cannot start ssh: ${error.message}`, 'missing'));
			resolve();
		});
		child.on('close', () => {
			alive = false;
			fail(new BackendError(`the bpftool session ended${sshComplaint(stderr) ? `: ${sshComplaint(stderr)}` : ''}`, 'failed'));
			resolve();
		});
	});
	child.stdin.on('error', () => {});
	child.stderr.setEncoding('utf8');
	child.stderr.on('data', (text: string) => {
		stderr = (stderr + text).slice(-8192);
	});
	child.stdout.setEncoding('utf8');
	child.stdout.on('data', (text: string) => {
		for (const answer of frames.push(text)) {
			const current = waiting;
			waiting = undefined;
			current?.resolve(answer);
		}

		if (frames.pending > maxAnswerChars) {
			fail(new BackendError(`bpftool answered more than ${maxAnswerChars / 1024 / 1024} MB`, 'malformed'));
			child.kill('SIGKILL');
		}
	});

	async function runNow(commands: readonly Command[], {pinned, timeoutMs, signal}: BatchRun): Promise<FramedAnswer> {
		if (!alive) throw new BackendError('the bpftool session has ended', 'failed');
		if (signal?.aborted) throw new BackendError('refresh cancelled', 'failed');
		const request = batchRequest(batchInput(commands), pinned);
		return new Promise<FramedAnswer>((resolve, reject) => {
			// bpftool cannot be stopped part way: a refresh given up ends the session (the next one starts another).
			const giveUp = (error: BackendError) => {
				fail(error);
				child.kill('SIGKILL');
			};

			const timer = setTimeout(() => giveUp(new BackendError(`bpftool did not answer within ${(timeoutMs / 1000).toFixed(1)} s`, 'timeout')), timeoutMs);
			const onAbort = () => giveUp(new BackendError('refresh cancelled', 'failed'));
			signal?.addEventListener('abort', onAbort, {once: true});
			const done = () => {
				clearTimeout(timer);
				signal?.removeEventListener('abort', onAbort);
			};

			waiting = {
				resolve(answer) {
					done();
					resolve(answer);
				},
				reject(error) {
					done();
					reject(error);
				},
			};
			child.stdin.write(request);
		});
	}

	return {
		async run(commands, options) {
			const result = queue.then(async () => runNow(commands, options));
			queue = result.then(
				() => undefined,
				() => undefined,
			);
			return result;
		},
		get alive() {
			return alive;
		},
		async close() {
			if (!alive) return;
			await endChild(child, ended);
		},
	};
}
