// A small seeded PRNG (mulberry32). Everything random in the emulator draws from one of these, so a
// seed fully determines ids, names, event arrivals and run times.

export class Prng {
	/**
	 * The 32 state bits as a signed int32, which is always a Smi: held unsigned, half the states were
	 * heap numbers and every draw that made one allocated it (~8 bytes a draw, and the catch-up
	 * draws thousands a second). The steps below give the same bits either way: `>>>`, `^`, `|`
	 * and Math.imul read their operands modulo 2^32, and the one sum is exact before `^` wraps it.
	 */
	private state: number;

	constructor(seed: number) {
		this.state = seed | 0;
	}

	/** A uniform 32-bit unsigned integer. */
	u32(): number {
		this.state = (this.state + 0x6d2b79f5) | 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return (t ^ (t >>> 14)) >>> 0;
	}

	/** A uniform float in [0, 1). */
	float(): number {
		return this.u32() / 4_294_967_296;
	}

	/** A uniform integer in [low, high]. */
	int(low: number, high: number): number {
		return low + Math.floor(this.float() * (high - low + 1));
	}

	pick<T>(items: readonly T[]): T {
		const item = items[Math.floor(this.float() * items.length)];
		if (item === undefined) throw new Error('pick from an empty list');
		return item;
	}

	/** An independent stream derived from this one (so adding draws in one place does not shift another). */
	fork(salt: number): Prng {
		return new Prng((this.u32() ^ Math.imul(salt + 1, 0x9e3779b1)) >>> 0);
	}
}

/** A stable 32-bit hash of a string, to derive per-name seeds. */
export function hashString(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}
