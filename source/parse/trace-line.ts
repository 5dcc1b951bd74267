// One line of /sys/kernel/tracing/trace_pipe → its fields. The text is untrusted (programs write the
// message) and is kept raw here; views sanitise it.
//
//          python3-3383    [001] ..s21   243.925586: bpf_trace_printk: Hello World 0
//   <task, may hold spaces and dashes>-<pid> [(<tgid>)] [<cpu>] [<flags>] <seconds>: <function>: <message>

export type TraceLine = {
	/** Seconds since boot (the trace clock), or undefined for a line that is not an event. */
	readonly time?: number;
	/** The task's comm: `<idle>`, `kworker/1:2`, `Web Content`. */
	readonly task?: string;
	readonly pid?: number;
	readonly cpu?: number;
	/** irqs-off, need-resched, hard/softirq, preempt depth, migrate-disable: `..s21`. */
	readonly flags?: string;
	/** The event, e.g. `bpf_trace_printk`; empty for tracers that print no `name:` (function tracer). */
	readonly function?: string;
	/** The text the program printed (or the whole line when it does not parse). */
	readonly message: string;
	/** Events the kernel lost before this line (`CPU:3 [LOST 120 EVENTS]`). */
	readonly lost?: number;
};

// The task (a comm: at most 15 characters, padded on the left) is the shortest text that lets the
// rest match, so the real header wins over one forged inside a message; dashes in a comm are fine.
// The tgid column (`options/record-tgid`) and the flags column (absent with irq-info off) are optional.
const eventPattern = /^\s*(.{1,16}?)-(\d+)\s+(?:\(\s*(?:\d+|-+)\)\s+)?\[(\d+)\]\s+(?:(\S{1,8})\s+)?(\d+\.\d+):\s+(?:([^\s:]+):\s?)?(.*)$/s;
const lostPattern = /^CPU:(\d+) \[LOST (\d+) EVENTS\]$/;

export function parseTraceLine(text: string): TraceLine {
	const line = text.endsWith('\n') ? text.slice(0, -1) : text;
	const event = eventPattern.exec(line);
	if (event) {
		const [, task, pid, cpu, flags, time, fn, message] = event;
		return {
			time: Number(time),
			task: task!,
			pid: Number(pid),
			cpu: Number(cpu),
			flags: flags ?? '',
			function: fn ?? '',
			message: message!,
		};
	}

	const lost = lostPattern.exec(line);
	if (lost) return {cpu: Number(lost[1]), lost: Number(lost[2]), message: line};
	// A continuation (a `%s` argument holding a newline) or a line of another format: keep it whole.
	return {message: line};
}
