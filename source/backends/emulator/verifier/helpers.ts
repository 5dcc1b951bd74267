// What the verifier model needs to know about helpers: what they return, which stack memory they
// write, which take a map in r1, and which take a callback.

/** Helpers whose r1 is a map (the kernel rewrites them per map type, or inlines the lookup). */
export const MAP_HELPERS = new Set([1, 2, 3, 51, 87, 88, 89, 164, 195]);
export const HELPER = {MAP_LOOKUP: 1, MAP_UPDATE: 2, MAP_DELETE: 3, TAIL_CALL: 12, GET_SMP_PROCESSOR_ID: 8, JIFFIES64: 118, RINGBUF_RESERVE: 131, GET_CURRENT_TASK_BTF: 158, LOOP: 181, FOR_EACH_MAP_ELEM: 164, TIMER_SET_CALLBACK: 170, FIND_VMA: 180, USER_RINGBUF_DRAIN: 209} as const;

/** Helpers returning a pointer that may be NULL (checked before use): lookups, ringbuf_reserve, socket lookups … */
export const RETURNS_NULLABLE = new Set([1, 84, 85, 95, 96, 98, 99, 107, 131, 136, 137, 138, 139, 140, 145, 153, 156, 195, 210]);

/** Helper → [buffer argument, size argument]: stack memory it writes (so what was spilled there is gone). */
export const WRITES: ReadonlyMap<number, readonly [number, number | undefined]> = new Map([
	[4, [1, 2]], [45, [1, 2]], [112, [1, 2]], [113, [1, 2]], [114, [1, 2]], [115, [1, 2]], // probe_read*
	[16, [1, 2]], // get_current_comm
	[26, [3, 4]], // skb_load_bytes
	[55, [3, 4]], // perf_event_read_value
	[67, [2, 3]], // get_stack
	[120, [3, 4]], // get_ns_current_pid_tgid
	[141, [2, 3]], // get_task_stack
	[147, [2, 3]], // d_path
	[148, [1, 2]], // copy_from_user
	[165, [1, 2]], // snprintf
	[191, [1, 2]], // copy_from_user_task
]);

/** Helpers that read only through their pointer arguments (nothing on the stack changes). */
export const READS_ONLY = new Set([1, 2, 3, 5, 6, 7, 8, 12, 14, 15, 25, 27, 35, 37, 42, 51, 87, 118, 125, 130, 131, 132, 133, 158, 164, 177, 181, 195, 207]);

/** Helper → the argument holding a callback (a BPF function the verifier checks too). */
export const CALLBACK_ARG: ReadonlyMap<number, number> = new Map([[164, 2], [181, 2], [170, 2], [180, 3], [209, 2]]);

/** Upper bounds the kernel knows for a helper's result (do_refine_retval_range): the size argument of string reads and stack dumps. */
export const SIZE_BOUNDED_RESULT: ReadonlyMap<number, number> = new Map([[45, 2], [114, 2], [115, 2], [67, 3], [141, 3]]);
