// The headless core every face uses (the TUI, batch output, the recorder, a metrics endpoint): one
// polling loop asks the backend for one refresh at a time, turns the answers into a model, and hands
// each model (or failure) to whoever listens. No React, no terminal, no output format.
import type {Backend} from '../backends/backend.js';
import type {Clock} from '../clock/clock.js';
import {ask, snapshotOf} from '../collect/collect.js';
import {awaitsMapList, paceMapDump, planMapDump} from '../collect/map-dump.js';
import type {RefreshRequest} from '../collect/request.js';
import {mapValuesSteps} from '../model/map-values.js';
import {advanceModel, type Model} from '../model/model.js';
import type {BpfMap} from '../parse/map.js';
import type {MapReadProgress} from '../snapshot/snapshot.js';
import {startPoller, type Poller} from '../poll/poller.js';
import type {Recorder} from '../recording/recorder.js';
import {createTimelineModels} from './timeline-models.js';
import {createTraceFeed, type TraceFeed} from './trace-feed.js';

export type {MapReadProgress};

export type MonitorEvent = {readonly type: 'model'; readonly model: Model} | {readonly type: 'error'; readonly error: Error};

export type MonitorSettings = {
	readonly intervalMs: number;
	/** Paused: no refreshes (the last model stays). */
	readonly paused: boolean;
	/** What the views need from the next refresh (which map to dump, which program …). */
	readonly request: RefreshRequest;
};

export type MonitorOptions = Partial<MonitorSettings> & {
	readonly backend: Backend;
	readonly clock: Clock;
	readonly intervalMs: number;
	/** Stop after this many refreshes (batch mode's -n); the first one is the baseline. */
	readonly maxTicks?: number;
	readonly maxBackoffMs?: number;
	/** Maps known before the first refresh (--map's target): the first dump need not wait for a list. */
	readonly knownMaps?: readonly BpfMap[];
	/** Writes what the backend answers (--record). */
	readonly recorder?: Recorder;
	/** The machine watched (--host): every snapshot, and so every row, carries it. */
	readonly host?: string;
};

export type Monitor = {
	readonly backend: Backend;
	/** Where --record writes, and whether it still does. */
	readonly recorder?: Recorder;
	readonly clock: Clock;
	readonly model: Model | undefined;
	/** The last refresh's failure; cleared by the next success. The model keeps the last good data. */
	readonly error: string | undefined;
	readonly settings: MonitorSettings;
	readonly trace: TraceFeed;
	/** The first listener starts the loop, the last one to leave stops it. */
	subscribe(listener: (event: MonitorEvent) => void): () => void;
	/** How far a long map read under way has got (between its chunks); the model comes when it ends. */
	subscribeProgress(listener: (progress: MapReadProgress) => void): () => void;
	/** A new request (a map opened, a view switched) refreshes at once rather than a whole interval later. */
	configure(settings: Partial<MonitorSettings>): void;
	refreshNow(): void;
	/** Resolves when the loop has ended (maxTicks reached, or stopped). */
	readonly done: Promise<void>;
	stop(): Promise<void>;
};

export function createMonitor(options: MonitorOptions): Monitor {
	const {clock, backend, recorder} = options;
	let settings: MonitorSettings = {intervalMs: options.intervalMs, paused: options.paused ?? false, request: options.request ?? {}};
	let model: Model | undefined;
	let error: string | undefined;
	let poller: Poller | undefined;
	/** One refresh is owed even while paused: the user asked for something new (a map opened) or Ctrl-L. */
	let owed = false;
	let finished!: () => void;
	const done = new Promise<void>(resolve => (finished = resolve));
	const listeners = new Set<(event: MonitorEvent) => void>();
	const progressListeners = new Set<(progress: MapReadProgress) => void>();
	const mapHooks = (previous: Model | undefined) => ({
		expected: previous?.mapValues?.contents?.count,
		onProgress: (progress: MapReadProgress) => {
			for (const listener of [...progressListeners]) listener(progress);
		},
	});
	const trace = createTraceFeed(backend, clock, recorder ? chunk => recorder.trace(clock.nowNs(), chunk) : undefined);
	const timeline = backend.timeline;
	const replayed = timeline ? createTimelineModels(timeline, refresh) : undefined;

	/** One refresh from `previous`: the map list it knows sizes the map dump (bpftool cannot stop one part way). */
	async function refresh(previous: Model | undefined, signal?: AbortSignal): Promise<Model> {
		const maps = previous?.snapshot.maps ?? options.knownMaps;
		const request = paceMapDump(planMapDump(settings.request, maps), {values: previous?.mapValues, intervalMs: settings.intervalMs});
		const answers = await ask(backend, request, clock, signal, mapHooks(previous));
		await recorder?.refresh(answers);
		const snapshot = snapshotOf(answers, request);
		// A million map entries are worked through in steps, with a turn for keys between them.
		const steps = mapValuesSteps(previous?.mapValues, snapshot);
		let step = steps.next();
		while (!step.done) {
			await new Promise(resolve => setImmediate(resolve));
			step = steps.next();
		}

		const model = advanceModel(previous, options.host === undefined ? snapshot : {...snapshot, host: options.host}, {done: step.value});
		// The model and its first frame are two more steps.
		if (answers.mapDump) await new Promise(resolve => setImmediate(resolve));
		return model;
	}

	function emit(event: MonitorEvent) {
		for (const listener of [...listeners]) listener(event);
	}

	function start() {
		poller = startPoller<Model | undefined>({
			clock,
			intervalMs: () => settings.intervalMs,
			maxTicks: options.maxTicks,
			maxBackoffMs: options.maxBackoffMs,
			async tick(signal) {
				if (settings.paused && !owed) return undefined;
				owed = false;
				return replayed ? replayed.modelAt(settings.request, signal) : refresh(model, signal);
			},
			onResult(result) {
				if (!result.ok) {
					error = result.error.message;
					emit({type: 'error', error: result.error});
					return;
				}

				if (!result.value) return;
				model = result.value;
				error = undefined;
				emit({type: 'model', model});
				if (awaitsMapList(model.snapshot)) poller?.refreshNow();
			},
		});
		void poller.done.then(() => {
			void trace.close();
			finished();
		});
	}

	// A replay moved (a step, a jump): show the new position now.
	timeline?.subscribe(() => poller?.refreshNow());

	return {
		backend,
		recorder,
		clock,
		get model() {
			return model;
		},
		get error() {
			return error;
		},
		get settings() {
			return settings;
		},
		trace,
		subscribe(listener) {
			listeners.add(listener);
			if (!poller) start();
			return () => {
				listeners.delete(listener);
				if (listeners.size === 0) void poller?.stop();
			};
		},
		subscribeProgress(listener) {
			progressListeners.add(listener);
			return () => progressListeners.delete(listener);
		},
		configure(next) {
			const before = JSON.stringify(settings.request);
			settings = {...settings, ...next};
			if (next.request && JSON.stringify(next.request) !== before) {
				owed = true;
				poller?.refreshNow();
			}
		},
		refreshNow() {
			owed = true;
			poller?.refreshNow();
		},
		done,
		async stop() {
			if (poller) await poller.stop();
			else finished();
			await trace.close();
		},
	};
}
