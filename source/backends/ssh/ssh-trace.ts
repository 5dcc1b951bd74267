// A host's trace pipe, read by `cat` in a session over its connection while the Trace view is open
// (remote-scripts.ts, traceScript). Closing our side of its input ends the reader there, so the
// pipe is free again for other readers — also when we are killed or the connection drops.
import {spawn, type ChildProcessByStdio} from 'node:child_process';
import type {Readable, Writable} from 'node:stream';
import type {TraceSource} from '../backend.js';
import {createLineBuffer} from '../line-buffer.js';
import type {TraceChunk} from '../../snapshot/snapshot.js';
import {marker, remoteCommand, traceScript} from './remote-scripts.js';
import {sessionArgv, type SshTarget} from './ssh-argv.js';
import {sshComplaint} from './ssh-errors.js';

export function openSshTrace(target: SshTarget, sudo: boolean, maxLines = 10_000): TraceSource {
	const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn('ssh', sessionArgv(target, remoteCommand(traceScript, [], sudo)), {
		stdio: ['pipe', 'pipe', 'pipe'],
		env: {...process.env, LC_ALL: 'C'},
	});
	const lines = createLineBuffer(maxLines, 16 * 1024);
	let error: string | undefined;
	let notice: string | undefined;
	let stderr = '';
	let closing = false;
	child.stdin.on('error', () => {});
	child.stdout.on('data', (bytes: Buffer) => lines.feed(bytes));
	child.stderr.setEncoding('utf8');
	child.stderr.on('data', (text: string) => {
		stderr += text;
		const complete = stderr.split('\n');
		stderr = complete.pop() ?? '';
		for (const line of complete) {
			if (line.startsWith(`${marker}trace-error `)) error = line.slice(marker.length + 'trace-error '.length);
			else if (line.startsWith(`${marker}trace-notice `)) notice = line.slice(marker.length + 'trace-notice '.length);
			// The reader's own complaint (busy: another reader holds the pipe); a login shell's noise is not ours.
			else if (/^cat: /.test(line)) error = `on the host: ${line.replace(/: Device or resource busy$/, ' is busy: another program is reading the trace pipe')}`;
		}
	});
	const ended = new Promise<void>(resolve => {
		child.on('error', caught => {
			error = `cannot start ssh: ${caught.message}`;
			resolve();
		});
		child.on('close', () => {
			if (!closing) error ??= `the trace session ended${sshComplaint(stderr) ? `: ${sshComplaint(stderr)}` : ''}`;
			resolve();
		});
	});

	return {
		take(): TraceChunk {
			return {...lines.take(), ...(error === undefined ? {} : {error}), ...(notice === undefined ? {} : {notice})};
		},
		async close() {
			closing = true;
			child.stdin.end();
			const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
			await ended;
			clearTimeout(timer);
		},
	};
}
