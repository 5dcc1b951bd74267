// Time, behind an interface: the polling loop sleeps through it, so the emulator can run on a
// virtual clock (--once returns at once, and a seed gives the same figures every run).

export type Clock = {
	/** Monotonic nanoseconds. */
	nowNs(): bigint;
	/** Wall-clock milliseconds since the epoch (for "loaded at" and JSON timestamps). */
	wallMs(): number;
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
	/** Time jumps instead of passing (the emulator's bounded batch runs): timestamps are not the wall clock's. */
	readonly simulated?: boolean;
};

export const realClock: Clock = {
	nowNs: () => process.hrtime.bigint(),
	wallMs: () => Date.now(),
	async sleep(ms, signal) {
		if (signal?.aborted) return;
		await new Promise<void>(resolve => {
			const timer = setTimeout(done, ms);
			function done() {
				clearTimeout(timer);
				signal?.removeEventListener('abort', done);
				resolve();
			}

			signal?.addEventListener('abort', done, {once: true});
		});
	},
};

/**
 * A clock that jumps forward when asked to sleep. `yieldMs` lets real time pass too (a UI on this
 * clock must give the event loop a turn, or a loop of instant sleeps would starve it).
 */
export function virtualClock(options: {startWallMs?: number; yieldMs?: number} = {}): Clock {
	const startWallMs = options.startWallMs ?? Date.now();
	const startNs = 1_000_000_000_000n;
	let now = startNs;
	return {
		simulated: true,
		nowNs: () => now,
		wallMs: () => startWallMs + Number((now - startNs) / 1_000_000n),
		async sleep(ms, signal) {
			now += BigInt(Math.round(ms * 1e6));
			if (options.yieldMs !== undefined) await realClock.sleep(options.yieldMs, signal);
		},
	};
}
