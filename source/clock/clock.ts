// Time, behind an interface: the polling loop sleeps through it, so the emulator can run on a
// virtual clock (--once returns at once, and a seed gives the same figures every run).

export type Clock = {
	/** Monotonic nanoseconds. */
	nowNs(): bigint;
	/** Wall-clock milliseconds since the epoch (for "loaded at" and JSON timestamps). */
	wallMs(): number;
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
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

/** A clock that jumps forward when asked to sleep. */
export function virtualClock(startWallMs = Date.now(), startNs = 1_000_000_000_000n): Clock {
	let now = startNs;
	return {
		nowNs: () => now,
		wallMs: () => startWallMs + Number((now - startNs) / 1_000_000n),
		async sleep(ms) {
			now += BigInt(Math.round(ms * 1e6));
		},
	};
}
