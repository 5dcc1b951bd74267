// What libbpf does to a map definition just before creating it, and what the emulator does where
// the kernel would refuse a definition that the tool's user space normally completes first.
import type {MapSpec} from '../object.js';

/** perf's default stack depth (kernel.perf_event_max_stack): what tools size stack_trace values by. */
const STACK_DEPTH = 127;
const DEFAULT_ENTRIES = 10_240;

/**
 * libbpf gives a perf_event_array with max_entries 0 one slot per possible CPU. Other zero sizes
 * the kernel refuses (EINVAL); tools set them from user space (pid_max, --stack-storage-size …)
 * before loading, so the emulator picks the usual value and says so.
 */
export function completeMap(spec: MapSpec, cpus: number): {spec: MapSpec; note?: string} {
	if (spec.maxEntries === 0 && spec.type === 'perf_event_array') return {spec: {...spec, maxEntries: cpus}};
	const changes: Partial<{-readonly [K in keyof MapSpec]: MapSpec[K]}> = {};
	const said: string[] = [];
	if (spec.type === 'stack_trace' && spec.valueSize === 0) {
		changes.valueSize = STACK_DEPTH * 8;
		said.push(`value_size 0 → ${STACK_DEPTH * 8} (${STACK_DEPTH} frames)`);
	}

	if (spec.maxEntries === 0 && spec.type !== 'ringbuf') {
		changes.maxEntries = spec.type === 'stack_trace' ? 1024 : DEFAULT_ENTRIES;
		said.push(`max_entries 0 → ${changes.maxEntries}`);
	}

	if (said.length === 0) return {spec};
	return {spec: {...spec, ...changes}, note: `map '${spec.name}': ${said.join(', ')}: the kernel refuses 0 (EINVAL); the tool's user space sets it before loading`};
}
