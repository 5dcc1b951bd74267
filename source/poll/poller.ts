// The one polling loop. It owns time: it starts a refresh, waits for it to finish, then sleeps
// until the next is due — so two refreshes never run at once. Failures back off (2×, up to 30 s)
// and the loop keeps going, so the monitor recovers when bpftool works again.
import type {Clock} from '../clock/clock.js';

export type PollResult<T> = {readonly ok: true; readonly value: T} | {readonly ok: false; readonly error: Error};

export type PollerOptions<T> = {
	readonly clock: Clock;
	/** Read before every sleep, so faster/slower takes effect at once. */
	readonly intervalMs: () => number;
	readonly tick: (signal: AbortSignal) => Promise<T>;
	readonly onResult: (result: PollResult<T>) => void;
	/** Stop after this many refreshes (batch mode's -n). */
	readonly maxTicks?: number;
	readonly maxBackoffMs?: number;
};

export type Poller = {
	/** Ends the sleep and refreshes now (or right after the refresh under way). */
	refreshNow(): void;
	/** Stops the loop and cancels a refresh under way; resolves when the loop has ended. */
	stop(): Promise<void>;
	/** Resolves when the loop ends by itself (maxTicks) or by stop(). */
	readonly done: Promise<void>;
};

export function startPoller<T>(options: PollerOptions<T>): Poller {
	const stopping = new AbortController();
	let wake = new AbortController();
	let failures = 0;

	async function loop() {
		for (let ticks = 0; !stopping.signal.aborted; ) {
			const started = options.clock.nowNs();
			try {
				const value = await options.tick(stopping.signal);
				if (stopping.signal.aborted) return;
				failures = 0;
				options.onResult({ok: true, value});
			} catch (error) {
				if (stopping.signal.aborted) return;
				failures++;
				options.onResult({ok: false, error: error instanceof Error ? error : new Error(String(error))});
			}

			ticks++;
			if (options.maxTicks !== undefined && ticks >= options.maxTicks) return;
			const interval = options.intervalMs();
			const backoff = failures > 0 ? Math.min(interval * 2 ** failures, options.maxBackoffMs ?? 30_000) : interval;
			const elapsedMs = Number(options.clock.nowNs() - started) / 1e6;
			const wait = Math.max(0, (failures > 0 ? backoff : interval) - elapsedMs);
			await options.clock.sleep(wait, AbortSignal.any([stopping.signal, wake.signal]));
			if (wake.signal.aborted) wake = new AbortController();
		}
	}

	const done = loop();
	return {
		refreshNow() {
			wake.abort();
		},
		async stop() {
			stopping.abort();
			await done;
		},
		done,
	};
}
