// Several hosts watched at once (--host, more than one): each host has a monitor core of its own —
// its own poller, so a slow or unreachable host never delays another's refreshes — and this layer
// merges their models into one (model/merge-hosts.ts), host on every row. It is a Monitor like the
// single core, so the screen, batch output and /metrics subscribe to it the same way.
import type {Backend, StatsState, TraceSource} from '../backends/backend.js';
import type {Clock} from '../clock/clock.js';
import type {RefreshRequest} from '../collect/request.js';
import type {HostEntry} from '../model/hosts.js';
import {mergeHosts} from '../model/merge-hosts.js';
import type {Model} from '../model/model.js';
import {createMonitor, type Monitor, type MonitorEvent, type MonitorSettings} from '../monitor/monitor.js';
import {createTraceFeed} from '../monitor/trace-feed.js';
import {mergedTraceSource} from './fleet-trace.js';
import {roundDue} from './rounds.js';

export type FleetHost = {readonly host: string; readonly backend: Backend};

export type FleetOptions = {
	readonly hosts: readonly FleetHost[];
	readonly clock: Clock;
	readonly intervalMs: number;
	readonly request?: RefreshRequest;
	/** Stop after this many merged models (batch mode's -n); the first one is the baseline. */
	readonly maxTicks?: number;
	/** Each host's longest back-off between failed refreshes. */
	readonly maxBackoffMs?: number;
	/** Batch output: a round waits for hosts still connecting (see rounds.ts). */
	readonly waitForConnecting?: boolean;
};

/** The part of a request that goes to one host: what the detail views ask only to the host they show. */
export function hostRequest(request: RefreshRequest, host: string, onlyHost: boolean): RefreshRequest {
	const focus = request.host ?? (onlyHost ? host : undefined);
	if (focus === host) return request;
	return {...(request.attachments ? {attachments: true} : {}), ...(request.netns === undefined ? {} : {netns: request.netns})};
}

export function createFleetMonitor(options: FleetOptions): Monitor {
	const {clock, hosts} = options;
	let settings: MonitorSettings = {intervalMs: options.intervalMs, paused: false, request: options.request ?? {}};
	const only = hosts.length === 1;
	const entries = new Map<string, HostEntry>(
		hosts.map(({host, backend}) => [host, {host, state: 'connecting', failures: 0, label: backend.label, stats: statsOf(backend.stats)}]),
	);
	const monitors = hosts.map(({host, backend}) =>
		createMonitor({
			backend,
			clock,
			host,
			intervalMs: settings.intervalMs,
			request: hostRequest(settings.request, host, only),
			maxBackoffMs: options.maxBackoffMs,
		}),
	);
	const listeners = new Set<(event: MonitorEvent) => void>();
	const unsubscribes: Array<() => void> = [];
	let model: Model | undefined;
	let answered = new Set<string>();
	let roundStartMs: number | undefined;
	let timer: ReturnType<typeof setTimeout> | undefined;
	let ticks = 0;
	let started = false;
	let stopped = false;
	// A new request (a program opened on one host): that host's answer is shown at once.
	let urgent: string | undefined;
	let finished!: () => void;
	const done = new Promise<void>(resolve => (finished = resolve));
	const nowMs = () => Number(clock.nowNs() / 1_000_000n);
	// A round waits at most one interval (+ and - change it) for slow hosts.
	const rule = () => ({deadlineMs: settings.intervalMs, waitForConnecting: options.waitForConnecting ?? false});

	const backend: Backend = {
		name: 'fleet',
		get label() {
			const list = [...entries.values()];
			const down = list.filter(entry => entry.state === 'down').map(entry => entry.host);
			const connecting = list.filter(entry => entry.state === 'connecting').length;
			return [`${list.length} hosts`, down.length > 0 ? `${down.length} down (${down.join(', ')})` : '', connecting > 0 ? `${connecting} connecting` : ''].filter(Boolean).join(', ');
		},
		get stats(): StatsState {
			const up = hosts.filter(({host}) => entries.get(host)?.state === 'up');
			const off = up.filter(({backend: hostBackend}) => !hostBackend.stats.on).map(({host}) => host);
			// On everywhere: how on the first host (each host's own is in its entry).
			const first = up[0]?.backend.stats;
			if (first?.on && off.length === 0) return first;
			return {on: false, reason: off.length > 0 ? `off on ${off.join(', ')}` : 'no host up'};
		},
		async run() {
			throw new Error('a fleet answers through its hosts');
		},
		async readMap() {
			throw new Error('a fleet answers through its hosts');
		},
		openTrace: (): TraceSource => mergedTraceSource(hosts.map(({host, backend: hostBackend}) => ({host, source: hostBackend.openTrace()}))),
		async close() {
			await Promise.all(hosts.map(async ({backend: hostBackend}) => hostBackend.close()));
		},
	};
	const trace = createTraceFeed(backend, clock);

	function emit(event: MonitorEvent) {
		for (const listener of [...listeners]) listener(event);
	}

	function endRound() {
		if (timer) clearTimeout(timer);
		timer = undefined;
		answered = new Set();
		roundStartMs = undefined;
		model = mergeHosts([...entries.values()], settings.request.host ?? (only ? hosts[0]!.host : undefined));
		emit({type: 'model', model});
		ticks++;
		if (options.maxTicks !== undefined && ticks >= options.maxTicks) void stop();
	}

	function check() {
		if (stopped || roundStartMs === undefined) return;
		if (roundDue([...entries.values()], answered, nowMs() - roundStartMs, rule())) endRound();
	}

	function onHostEvent(host: string, backendOf: Backend, event: MonitorEvent) {
		const before = entries.get(host)!;
		const common = {label: backendOf.label, stats: statsOf(backendOf.stats)};
		entries.set(
			host,
			event.type === 'model'
				? {...before, ...common, state: 'up', model: event.model, failures: 0, error: undefined}
				: {...before, ...common, state: 'down', error: event.error.message, failures: before.failures + 1},
		);
		answered.add(host);
		if (urgent === host) {
			urgent = undefined;
			endRound();
			return;
		}

		if (roundStartMs === undefined) {
			roundStartMs = nowMs();
			timer = setTimeout(check, rule().deadlineMs);
			// Waiting on a host still connecting is checked again when it answers; the timer only ends slow rounds.
			timer.unref?.();
		}

		check();
	}

	function start() {
		started = true;
		hosts.forEach(({host, backend: hostBackend}, index) => {
			unsubscribes.push(monitors[index]!.subscribe(event => onHostEvent(host, hostBackend, event)));
		});
	}

	async function stop() {
		if (stopped) return;
		stopped = true;
		if (timer) clearTimeout(timer);
		for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
		await Promise.all(monitors.map(async monitor => monitor.stop()));
		await trace.close();
		finished();
	}

	return {
		backend,
		clock,
		get model() {
			return model;
		},
		error: undefined,
		get settings() {
			return settings;
		},
		trace,
		subscribe(listener) {
			listeners.add(listener);
			if (!started) start();
			return () => {
				listeners.delete(listener);
				if (listeners.size === 0) void stop();
			};
		},
		// Each host reads its own maps: their progress is passed on as it comes.
		subscribeProgress(listener) {
			const unsubscribe = monitors.map(monitor => monitor.subscribeProgress(listener));
			return () => {
				for (const each of unsubscribe) each();
			};
		},
		configure(next) {
			const before = JSON.stringify(settings.request);
			settings = {...settings, ...next};
			if (next.request && JSON.stringify(next.request) !== before) urgent = settings.request.host ?? (only ? hosts[0]!.host : undefined);
			hosts.forEach(({host}, index) => monitors[index]!.configure({...next, ...(next.request ? {request: hostRequest(next.request, host, only)} : {})}));
		},
		refreshNow() {
			for (const monitor of monitors) monitor.refreshNow();
		},
		done,
		stop,
	};
}

function statsOf(stats: StatsState): HostEntry['stats'] {
	return stats.on ? {on: true, detail: `on (${stats.how})`} : {on: false, detail: stats.reason};
}
