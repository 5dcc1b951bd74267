// The task a run belongs to ("current"), as the helpers see it. Its time is kept as the catch-up's
// start plus an offset and made a BigInt only when a helper or a trace line asks: most runs never
// read the clock, and two BigInt allocations per run were a measurable share of the catch-up.
import type {RunTask} from '../vm/helpers.js';

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
	private offsetNs = 0;
	private cachedNs: bigint | undefined;

	/** The run happens at baseNs + offsetNs. */
	setTime(baseNs: bigint, offsetNs: number): void {
		this.baseNs = baseNs;
		this.offsetNs = offsetNs;
		this.cachedNs = undefined;
	}

	get nowNs(): bigint {
		this.cachedNs ??= this.offsetNs === 0 ? this.baseNs : this.baseNs + BigInt(this.offsetNs);
		return this.cachedNs;
	}

	get bootNs(): bigint {
		return this.nowNs + BOOT_OFFSET_NS;
	}
}
