// One host's connection: `ssh -M` (the ControlMaster) whose own session runs the connection script.
// It says who we are and whether bpftool runs, then holds run-time stats on until its input closes.
// Every other session (the bpftool runner, the trace reader) is multiplexed over it. When this ssh
// ends — we closed it, the host went away, the network dropped (ServerAlive notices) — the
// connection is gone, and everything on the host that hung on it ends with it.
import {spawn, type ChildProcessByStdio} from 'node:child_process';
import type {Readable, Writable} from 'node:stream';
import {BackendError, type StatsState} from '../backend.js';
import {connectionArgv, type SshTarget} from './ssh-argv.js';
import {connectError, remoteError, sshComplaint} from './ssh-errors.js';
import {connectionScript, marker, perlStatsHolder, pythonStatsHolder, remoteCommand, sysctlStatsHolder} from './remote-scripts.js';
import {endChild} from './end-child.js';

export type ConnectionInfo = {
	/** Commands need `sudo -n` on the host. */
	readonly sudo: boolean;
	/** bpftool's version there. */
	readonly version: string;
	readonly stats: StatsState;
};

export type Connection = {
	readonly info: ConnectionInfo;
	/** Resolves with ssh's last complaint, when the connection has ended. */
	readonly ended: Promise<string>;
	readonly alive: boolean;
	/** Closes the connection script's input (stats go off there) and waits for ssh to end. */
	close(): Promise<void>;
};

type Ssh = ChildProcessByStdio<Writable, Readable, Readable>;

/** Connects and waits for the script's report; rejects with what went wrong, in words a user can act on. */
export async function connect(target: SshTarget, bpftool: string, timeoutMs: number): Promise<Connection> {
	const remote = remoteCommand(connectionScript, [bpftool, perlStatsHolder, pythonStatsHolder, sysctlStatsHolder], false);
	const child: Ssh = spawn('ssh', connectionArgv(target, remote), {stdio: ['pipe', 'pipe', 'pipe'], env: {...process.env, LC_ALL: 'C'}});
	let stderr = '';
	let alive = true;
	child.stderr.setEncoding('utf8');
	child.stderr.on('data', (text: string) => {
		stderr = (stderr + text).slice(-8192);
	});
	// Our side of its input: closing it (or our exit, even by SIGKILL) ends the script on the host.
	child.stdin.on('error', () => {});
	const ended = new Promise<string>(resolve => {
		child.on('error', error => {
			alive = false;
			resolve((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'ssh not found (install openssh-client)' : error.message);
		});
		// 'close', not 'exit': ssh's last words on stderr are read by then.
		child.on('close', code => {
			alive = false;
			resolve(sshComplaint(stderr) || (code === 0 ? 'the connection was closed' : `ssh exited with code ${code ?? 'none'}`));
		});
	});

	let info: ConnectionInfo;
	try {
		info = await report(child, bpftool, timeoutMs, ended, () => stderr);
	} catch (error) {
		child.kill('SIGKILL');
		throw error;
	}

	return {
		info,
		ended,
		get alive() {
			return alive;
		},
		async close() {
			if (!alive) return;
			await endChild(child, ended);
		},
	};
}

/** Reads the script's marker lines until stats are settled (the connection is ready) or it fails. */
async function report(child: Ssh, bpftool: string, timeoutMs: number, ended: Promise<string>, stderr: () => string): Promise<ConnectionInfo> {
	return new Promise<ConnectionInfo>((resolve, reject) => {
		let sudo = false;
		let version = '';
		const failures: string[] = [];
		let partial = '';
		let settled = false;
		const finish = (outcome: ConnectionInfo | BackendError) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			child.stdout.removeListener('data', onData);
			// The rest of its output is not read: a holder prints nothing after its report.
			child.stdout.resume();
			if (outcome instanceof BackendError) reject(outcome);
			else resolve(outcome);
		};

		const timer = setTimeout(() => finish(new BackendError(`no answer within ${timeoutMs / 1000} s (ssh: ${stderr().trim().split('\n').pop() ?? ''})`, 'timeout')), timeoutMs);
		const onLine = (line: string) => {
			if (!line.startsWith(marker)) return;
			const [word = '', ...rest] = line.slice(marker.length).split(' ');
			const text = rest.join(' ');
			switch (word) {
				case 'error':
					finish(remoteError(rest[0] ?? '', rest.slice(1).join(' '), bpftool));
					return;
				case 'uid':
					sudo = text !== '0';
					return;
				case 'version':
					version = versionOf(text);
					return;
				case 'stats-failed':
					failures.push(text);
					return;
				case 'stats': {
					const how = text === 'fd' || text === 'sysctl' || text === 'already-on' ? text : undefined;
					const stats: StatsState = how ? {on: true, how} : {on: false, reason: `cannot enable run-time stats there (${failures.join('; ') || 'no way found'})`};
					finish({sudo, version, stats});
				}
			}
		};

		const onData = (text: string) => {
			const lines = (partial + text).split('\n');
			partial = lines.pop() ?? '';
			for (const line of lines) onLine(line);
		};

		child.stdout.setEncoding('utf8');
		child.stdout.on('data', onData);
		void ended.then(reason => finish(reason.startsWith('ssh not found') ? new BackendError(reason, 'missing') : connectError(stderr(), child.exitCode)));
	});
}

function versionOf(json: string): string {
	try {
		const parsed = JSON.parse(json) as {version?: unknown};
		if (typeof parsed.version === 'string') return parsed.version;
	} catch {}

	return '?';
}
