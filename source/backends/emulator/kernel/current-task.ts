// The task a run belongs to ("current"), as the helpers see it. Its time is kept as the catch-up's
// start plus an offset and made a BigInt only when a helper or a trace line asks: most runs never
// read the clock, and two BigInt allocations per run were a measurable share of the catch-up.
import type {RunTask} from '../vm/helpers.js';
import {fromBig, MAX_SAFE, type U64} from '../vm/u64.js';

const MAX_SAFE_BIG = BigInt(MAX_SAFE);

/** bpf_ktime_get_boot_ns runs ahead of ktime_get_ns by the time the machine spent suspended. */
export const BOOT_OFFSET_NS = 1_500_000_000n;

export class CurrentTask implements RunTask {
	cpu = 0;
	pid = 0;
	tgid = 0;
	comm = '';
	flags = '...21';
	address = 0;
	uid = 0;
	private baseNs = 0n;
	/** baseNs as a number, or -1 when it is above 2^53 (made when baseNs changes: most runs of a catch-up share it). */
	private baseNumber = 0;
	private offsetNs = 0;
	private cachedNs: bigint | undefined;

	/** The run happens at baseNs + offsetNs. */
	setTime(baseNs: bigint, offsetNs: number): void {
		if (baseNs !== this.baseNs) {
			this.baseNs = baseNs;
			this.baseNumber = baseNs <= MAX_SAFE_BIG ? Number(baseNs) : -1;
		}

		this.offsetNs = offsetNs;
		this.cachedNs = undefined;
	}

	/**
	 * fromBig(nowNs), what bpf_ktime_get_ns returns, without the two BigInts nowNs makes while
	 * the time is below 2^53 ns (104 days): both parts are exact integers, so then is their sum.
	 */
	nowU64(): U64 {
		const sum = this.baseNumber + this.offsetNs;
		return this.baseNumber >= 0 && sum <= MAX_SAFE ? sum : fromBig(this.nowNs);
	}

	get nowNs(): bigint {
		this.cachedNs ??= this.offsetNs === 0 ? this.baseNs : this.baseNs + BigInt(this.offsetNs);
		return this.cachedNs;
	}

	get bootNs(): bigint {
		return this.nowNs + BOOT_OFFSET_NS;
	}
}
