// The one interface both backends implement. It speaks bpftool's language: a refresh is a batch of
// bpftool commands, answered in bpftool's JSON shapes, so the parser and everything after it is
// shared by the real kernel and the emulator. One question is asked apart from the batch: a map's
// entries (readMap), which can be a million and are read in bounded chunks into typed arrays.
import type {MapContents, MapReadOptions} from '../snapshot/map-contents.js';
import type {TraceChunk} from '../snapshot/snapshot.js';

/** One bpftool command as an argument list, e.g. ['prog', 'show'] or ['map', 'dump', 'id', '4']. */
export type Command = readonly string[];

/**
 * The answer to one command, as `bpftool -j batch file -` prints it: the command and its JSON
 * output. `output` is untrusted (parse/ validates it); an error is `{error: "…"}`.
 */
export type CommandOutput = {
	readonly command: Command;
	readonly output: unknown;
};

/** Whether BPF run-time statistics are being collected, and how. */
export type StatsState =
	| {readonly on: true; readonly how: 'fd' | 'sysctl' | 'already-on' | 'simulated'}
	| {readonly on: false; readonly reason: string};

export type TraceSource = {
	/** Lines read since the last call; never blocks. */
	take(): TraceChunk;
	close(): Promise<void>;
};

/**
 * Where and how a batch runs, for the few commands that need it (the third argument of `run`,
 * optional on both sides). A backend that cannot honour `netns` must reject with BackendError kind
 * 'unsupported' rather than answer from another namespace (collect turns that into a problem line);
 * `pinned` may be ignored (no pinned paths are shown then).
 */
export type RunScope = {
	/** A named network namespace (a name `ip netns list` shows): `net show` sees only the one it runs in. */
	readonly netns?: string;
	/** Also list pinned paths (bpftool -f) in `prog show` / `map show`. */
	readonly pinned?: boolean;
};

/**
 * Recorded time that the user moves through (a replay). A backend with a timeline answers for its
 * current position; its clock reads that position's recorded time.
 */
export type Timeline = {
	/** Refreshes in the recording. */
	readonly length: number;
	/** The refresh answered now, 0-based. */
	readonly position: number;
	readonly playing: boolean;
	/** Playback speed: 1 is as recorded. */
	readonly speed: number;
	/** Recorded wall-clock time of a position. */
	wallMsAt(position: number): number;
	seek(position: number): void;
	setPlaying(playing: boolean): void;
	setSpeed(speed: number): void;
	/** Runs `work` with the backend answering for another position (rebuilding the refreshes before a jump). */
	answering<T>(position: number, work: () => Promise<T>): Promise<T>;
	/** Called after every move (play, step, seek). */
	subscribe(listener: () => void): () => void;
	/** Where a damaged recording stopped being readable; undefined when it was read whole. */
	readonly damage?: string;
};

export type Backend = {
	readonly name: 'bpftool' | 'emulator' | 'replay' | 'ssh' | 'fleet';
	/** One line for the header: "bpftool v7.1.0", or "emulator: no BPF access (bpftool not found)". */
	readonly label: string;
	readonly stats: StatsState;
	/** Present when the answers come from recorded time (replay). */
	readonly timeline?: Timeline;
	/**
	 * Runs the commands as one refresh and answers every one of them, in order. A command that fails
	 * (a map that vanished) answers `{error}` without losing the others. Rejects with a BackendError
	 * when the refresh as a whole fails (bpftool missing, no permission, malformed output, timeout).
	 */
	run(commands: readonly Command[], signal?: AbortSignal, scope?: RunScope): Promise<CommandOutput[]>;
	/**
	 * Reads one map's entries for the value table: raw bytes, with the map's BTF types where it has
	 * them. A long read proceeds in chunks and yields to the event loop between them (keys are
	 * answered meanwhile). Rejects with a message for the view when the map cannot be read (it
	 * vanished, no permission); that does not fail the refresh. Undefined: nothing new to read (a
	 * replay at a refresh that kept the last read).
	 */
	readMap(mapId: number, options: MapReadOptions): Promise<MapContents | undefined>;
	/** Starts reading the trace log; only while a view needs it, because reading consumes it. */
	openTrace(): TraceSource;
	/** Undoes everything the backend changed (run-time stats, readers, child processes). */
	close(): Promise<void>;
};

/** A failure of the whole refresh, with a message fit for the status line. */
export class BackendError extends Error {
	constructor(
		message: string,
		readonly kind: 'missing' | 'permission' | 'malformed' | 'timeout' | 'failed' | 'unsupported',
	) {
		super(message);
		this.name = 'BackendError';
	}
}

/** A failed `prog show` sinks the refresh; permission problems get the hint users need. */
export function refreshError(message: string): BackendError {
	if (/not permitted|permission denied/i.test(message)) {
		return new BackendError(`${message} (run as root, or with CAP_BPF and CAP_PERFMON)`, 'permission');
	}

	return new BackendError(message, 'malformed');
}
