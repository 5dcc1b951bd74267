// A remote host as a backend: bpftool there, through the system's ssh client. The connection is
// made on the first refresh and made again on a later one after it dropped (the poller backs off
// between tries), so an unreachable host costs a failed refresh, never a stalled monitor.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {readMapByDump} from '../dump-contents.js';
import {BackendError, type Backend, type StatsState, type TraceSource} from '../backend.js';
import {batchAnswers, batchRounds} from '../bpftool/run-batch.js';
import type {TraceChunk} from '../../snapshot/snapshot.js';
import {openBatchSession, type BatchSession} from './batch-session.js';
import {connect, type Connection} from './connection.js';
import type {HostSpec} from './host-spec.js';
import type {SshTarget} from './ssh-argv.js';
import {openSshTrace} from './ssh-trace.js';

export type SshBackendOptions = {
	readonly spec: HostSpec;
	/** bpftool on the host (its PATH, or sudo's secure_path). */
	readonly bpftool: string;
	/** Give up on one refresh after this long. */
	readonly timeoutMs: number;
	/** --ssh-config FILE. */
	readonly configFile?: string;
	/** Give up on connecting after this long (ssh's own TCP timeout is shorter). */
	readonly connectTimeoutMs?: number;
};

export type SshBackend = Backend & {
	/** The host as given (--host). */
	readonly host: string;
	/** Connects now rather than on the first refresh; a failure is left for that refresh to report. */
	connect(): Promise<void>;
};

/** A trace source that follows the connection: its reader is made again on each new one. */
type HostTrace = TraceSource & {attach(made: Connection): void};

export function createSshBackend(options: SshBackendOptions): SshBackend {
	const {spec, bpftool, timeoutMs} = options;
	// A directory of our own for the control socket: nobody else can reach the connection through it.
	const controlDir = mkdtempSync(join(tmpdir(), 'bpftop-ssh-'));
	const target: SshTarget = {spec, controlPath: join(controlDir, 'c'), ...(options.configFile === undefined ? {} : {configFile: options.configFile})};
	let connection: Connection | undefined;
	let connecting: Promise<Connection> | undefined;
	let session: BatchSession | undefined;
	let lost: string | undefined;
	let failed = false;
	let closed = false;
	const traces = new Set<HostTrace>();

	async function connected(): Promise<Connection> {
		if (connection?.alive) return connection;
		connecting ??= (async () => {
			try {
				let made: Connection;
				try {
					made = await connect(target, bpftool, options.connectTimeoutMs ?? 20_000);
				} catch (error) {
					failed = true;
					throw error;
				}

				connection = made;
				lost = undefined;
				failed = false;
				// Readers start with the connection, not at the next look at them.
				for (const trace of traces) trace.attach(made);
				void made.ended.then(reason => {
					if (connection !== made) return;
					connection = undefined;
					lost = reason;
					void session?.close();
				});
				return made;
			} finally {
				connecting = undefined;
			}
		})();
		return connecting;
	}

	function runner(made: Connection): BatchSession {
		if (!session?.alive) session = openBatchSession(target, bpftool, made.info.sudo);
		return session;
	}

	return {
		name: 'ssh',
		host: spec.label,
		get label() {
			if (connection) return `${spec.label}: bpftool v${connection.info.version}`;
			return `${spec.label}: ${failed ? 'down' : lost === undefined ? 'connecting' : 'connection lost'}`;
		},
		get stats(): StatsState {
			return connection?.info.stats ?? {on: false, reason: 'not connected'};
		},
		// No bpf(2) from here: a remote map is read through bpftool's dump (the same batch runner).
		async readMap(mapId, options) {
			return readMapByDump(async (commands, signal) => this.run(commands, signal), mapId, options);
		},
		async run(commands, signal, scope) {
			if (closed) throw new BackendError('closed', 'failed');
			if (scope?.netns !== undefined) throw new BackendError('--netns is not available on a remote host', 'unsupported');
			const made = await connected();
			try {
				const session = runner(made);
				return await batchRounds(commands, async rest => {
					const answer = await session.run(rest, {pinned: scope?.pinned ?? false, timeoutMs, signal});
					return batchAnswers(rest, answer.stdout, answer.stderr, answer.status);
				});
			} catch (error) {
				// A session that ended with its connection: say that, not what the session saw of it.
				if (!made.alive) throw new BackendError(`connection lost: ${await made.ended}`, 'failed');
				throw error;
			}
		},
		async connect() {
			await connected().catch(() => undefined);
		},
		openTrace(): TraceSource {
			// Opened on the connection there is; made again on the next one after a drop.
			let reader: TraceSource | undefined;
			let readerOn: Connection | undefined;
			const source: HostTrace = {
				attach(made) {
					if (made === readerOn) return;
					void reader?.close();
					reader = openSshTrace(target, made.info.sudo);
					readerOn = made;
				},
				take(): TraceChunk {
					const chunk = reader?.take() ?? {lines: [], dropped: 0};
					if (connection !== undefined && connection === readerOn) return chunk;
					// No connection (yet, or any more): its reader's end is not the trace's error.
					return {lines: chunk.lines, dropped: chunk.dropped, notice: `${spec.label}: ${readerOn ? 'connection lost: the trace goes on when it is back' : 'connecting'}`};
				},
				async close() {
					traces.delete(source);
					await reader?.close();
				},
			};
			traces.add(source);
			if (connection) source.attach(connection);
			return source;
		},
		async close() {
			closed = true;
			await Promise.all([...traces].map(async trace => trace.close()));
			await session?.close();
			const made = connection ?? (await connecting?.catch(() => undefined));
			await made?.close();
			rmSync(controlDir, {recursive: true, force: true});
		},
	};
}
