// Context fields that read as pointers (xdp_md.data, __sk_buff.data_end …), by ctx offset. Set
// before every run and consulted on every ctx load, so it is a flat array cleared field by field:
// a Map here cost more than the run itself (Map.clear allocates a fresh table each time).
import type {U64} from './u64.js';

export class PointerFields {
	private readonly values: Array<U64 | undefined>;
	/**
	 * The offsets set since the last clear: the first `count` entries. Never truncated: `length = 0`
	 * drops an array's backing store, and the next run's first push made a new one (~76 bytes a run).
	 */
	private readonly used: number[] = [];
	private count = 0;

	/** `span`: offsets below it can hold a pointer (the ctx buffer's size). */
	constructor(span: number) {
		this.values = new Array<U64 | undefined>(span).fill(undefined);
	}

	get(offset: number): U64 | undefined {
		return this.values[offset];
	}

	set(offset: number, value: U64): void {
		if (offset < 0 || offset >= this.values.length) throw new RangeError(`pointer field at ${offset} is outside the context`);
		if (this.values[offset] === undefined) {
			if (this.count < this.used.length) this.used[this.count] = offset;
			else this.used.push(offset);
			this.count++;
		}

		this.values[offset] = value;
	}

	clear(): void {
		// Indexed: this runs before every run, often before the JIT has optimized it (for…of would
		// make an iterator each time then).
		const used = this.used;
		for (let i = 0; i < this.count; i++) this.values[used[i]!] = undefined;
		this.count = 0;
	}
}
