// --replay FILE: a recording as a backend. It answers each command from the refresh at the
// timeline's position, as the recorded backend answered it then, and its clock reads that refresh's
// recorded time, so rates, ages and JSON times are the recorded ones. Playing moves one refresh at
// a time at the recorded pace (times the speed); batch output plays as fast as it can.
import type {Clock} from '../../clock/clock.js';
import {refreshAnswers, type Recording} from '../../recording/read-recording.js';
import type {RefreshLine} from '../../recording/format.js';
import {replayMap} from '../../recording/map-record.js';
import type {MapContents, MapReadOptions} from '../../snapshot/map-contents.js';
import {readMapByDump, showByIdFromList} from '../dump-contents.js';
import type {TraceChunk} from '../../snapshot/snapshot.js';
import type {Backend, Command, CommandOutput, RunScope, Timeline, TraceSource} from '../backend.js';

export const minSpeed = 0.125;
export const maxSpeed = 64;

export type Replay = {readonly backend: Backend; readonly clock: Clock};

/** `fast`: no waiting between refreshes (batch output); otherwise the recorded pace. */
export function createReplay(recording: Recording, {fast}: {readonly fast: boolean}): Replay {
	const {refreshes, header} = recording;
	const listeners = new Set<() => void>();
	let position = 0;
	/** The refresh answers come from: the position, or one being rebuilt (Timeline.answering). */
	let answering = 0;
	let playing = true;
	let speed = 1;
	/**
	 * Where playing (re)started, in recorded and real time: positions are due at the recorded pace from
	 * there, so a slow refresh (a rebuild after a jump) is caught up, not carried along as a delay.
	 */
	let anchor: {readonly position: number; readonly realMs: number} | undefined;
	const dueMs = (index: number) => anchor!.realMs + Number(refreshes[index]!.timeNs - refreshes[anchor!.position]!.timeNs) / 1e6 / speed;
	// The last few refreshes parsed, so a view's second question to a refresh does not parse it again.
	const parsed = new Map<number, RefreshLine>();

	const changed = () => {
		for (const listener of [...listeners]) listener();
	};

	function lineAt(index: number): RefreshLine {
		let line = parsed.get(index);
		if (!line) {
			line = refreshAnswers(refreshes[index]!);
			parsed.set(index, line);
			if (parsed.size > 4) parsed.delete(parsed.keys().next().value!);
		}

		return line;
	}

	const clamp = (index: number) => Math.max(0, Math.min(refreshes.length - 1, Math.round(index)));

	const timeline: Timeline = {
		length: refreshes.length,
		get position() {
			return position;
		},
		get playing() {
			return playing;
		},
		get speed() {
			return speed;
		},
		...(recording.damage ? {damage: recording.damage} : {}),
		wallMsAt: index => refreshes[clamp(index)]!.wallMs,
		seek(index) {
			const next = clamp(index);
			if (next === position) return;
			position = answering = next;
			anchor = undefined;
			changed();
		},
		setPlaying(value) {
			// Play at the end starts over, as a player does.
			if (value && position === refreshes.length - 1) position = answering = 0;
			playing = value;
			anchor = undefined;
			changed();
		},
		setSpeed(value) {
			speed = Math.max(minSpeed, Math.min(maxSpeed, value));
			anchor = undefined;
			changed();
		},
		async answering(index, work) {
			answering = clamp(index);
			try {
				return await work();
			} finally {
				answering = position;
			}
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
	};

	const clock: Clock = {
		nowNs: () => refreshes[answering]!.timeNs,
		wallMs: () => refreshes[answering]!.wallMs,
		async sleep(_ms, signal) {
			if (fast) {
				if (position < refreshes.length - 1) position = answering = position + 1;
				await new Promise(resolve => setImmediate(resolve));
				return;
			}

			// The recorded pace, not the monitor's interval: wait until the next refresh is due, then show
			// the latest one that is (more than one when a refresh took long).
			if (playing && position < refreshes.length - 1) {
				anchor ??= {position, realMs: performance.now()};
				if (await waitOrWake(Math.max(0, dueMs(position + 1) - performance.now()), signal)) return;
				const now = performance.now();
				let next = position + 1;
				while (next < refreshes.length - 1 && dueMs(next + 1) <= now) next++;
				position = answering = next;
				if (position === refreshes.length - 1) playing = false;
				changed();
				return;
			}

			await waitOrWake(Number.POSITIVE_INFINITY, signal);
		},
	};

	function run(commands: readonly Command[], _signal?: AbortSignal, scope?: RunScope): Promise<CommandOutput[]> {
		const line = lineAt(answering);
		const outputs = scope?.netns === undefined ? line.outputs : (line.netns_outputs ?? []);
		const byCommand = new Map(outputs.map(output => [output.command.join(' '), output.output]));
		return Promise.resolve(
			commands.map(command => ({
				command,
				output: byCommand.get(command.join(' ')) ?? {error: 'not in the recording (the recorded monitor did not ask for it)'},
			})),
		);
	}

	/** The map as read at that refresh; a recording from before reads were recorded has its `map dump`. */
	async function readMap(mapId: number, options: MapReadOptions): Promise<MapContents | undefined> {
		const line = lineAt(answering);
		if (line.map !== undefined) {
			const read = replayMap(line.map, mapId);
			if (read && 'error' in read) throw new Error(read.error);
			return read;
		}

		return readMapByDump(showByIdFromList(async commands => run(commands)), mapId, options);
	}

	function openTrace(): TraceSource {
		// Lines are handed out as the replay's time passes them; after a step back, from there again.
		let deliveredNs = refreshes[position]!.timeNs;
		return {
			take(): TraceChunk {
				const now = refreshes[position]!.timeNs;
				if (now < deliveredNs) deliveredNs = now;
				const due = recording.traces.filter(trace => BigInt(trace.t) > deliveredNs && BigInt(trace.t) <= now);
				deliveredNs = now;
				const error = due.filter(trace => trace.error !== undefined).at(-1)?.error;
				return {
					lines: due.flatMap(trace => trace.lines),
					dropped: due.reduce((sum, trace) => sum + trace.dropped, 0),
					skipped: due.reduce((sum, trace) => sum + (trace.skipped ?? 0), 0),
					...(error === undefined ? {} : {error}),
				};
			},
			close: async () => undefined,
		};
	}

	const backend: Backend = {
		name: 'replay',
		label: `replay: ${header.host}, ${header.backend_label}`,
		stats: header.stats,
		timeline,
		run,
		readMap,
		openTrace,
		close: async () => undefined,
	};
	return {backend, clock};
}

/** Resolves true when woken (the signal), false when the time passed. */
function waitOrWake(ms: number, signal?: AbortSignal): Promise<boolean> {
	if (signal?.aborted) return Promise.resolve(true);
	return new Promise(resolve => {
		const timer = Number.isFinite(ms) ? setTimeout(() => done(false), ms) : undefined;
		function done(woken: boolean) {
			clearTimeout(timer);
			signal?.removeEventListener('abort', onAbort);
			resolve(woken);
		}

		const onAbort = () => done(true);
		signal?.addEventListener('abort', onAbort, {once: true});
	});
}
