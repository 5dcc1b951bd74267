// The kernel's trace buffer (what /sys/kernel/tracing/trace_pipe drains). Bounded: when full, the
// oldest line goes and is counted as dropped, like the real ring buffer overwriting.

export class TraceBuffer {
	private lines: string[] = [];
	private head = 0;
	private dropped = 0;

	constructor(private readonly capacity = 4096) {}

	push(lines: readonly string[]): void {
		for (const line of lines) this.lines.push(line);
		const excess = this.lines.length - this.head - this.capacity;
		if (excess > 0) {
			this.head += excess;
			this.dropped += excess;
		}

		// Compact now and then so the array does not grow without bound.
		if (this.head > this.capacity) {
			this.lines = this.lines.slice(this.head);
			this.head = 0;
		}
	}

	/** Lines since the last take, and how many were lost meanwhile. Reading consumes them. */
	take(): {lines: string[]; dropped: number} {
		const lines = this.lines.slice(this.head);
		const dropped = this.dropped;
		this.lines = [];
		this.head = 0;
		this.dropped = 0;
		return {lines, dropped};
	}

	get size(): number {
		return this.lines.length - this.head;
	}
}
