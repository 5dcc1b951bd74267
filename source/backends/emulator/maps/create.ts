// Map construction by type name.
import type {MapSpec} from '../object.js';
import type {Memory} from '../vm/memory.js';
import {ArrayMap} from './array.js';
import {HashMap} from './hash.js';
import type {EmuMap} from './map.js';
import {RingBufMap} from './ringbuf.js';

/** Map types with their own semantics; others load as plain hash tables. */
export const SUPPORTED_MAP_TYPES = ['array', 'percpu_array', 'prog_array', 'hash', 'percpu_hash', 'lru_hash', 'lru_percpu_hash', 'ringbuf'] as const;

/** Bounds on what one map may hold, so a loaded object cannot exhaust the process. */
export const MAX_MAP_BYTES = 64 * 1024 * 1024;

export function createMap(id: number, spec: MapSpec, memory: Memory, cpus: number): EmuMap {
	const copies = spec.type.includes('percpu') ? cpus : 1;
	// Arrays are allocated whole; hash tables (and the types kept as one) grow as entries arrive, up to the same bound.
	const preallocated = spec.type === 'array' || spec.type === 'percpu_array' || spec.type === 'prog_array';
	if (preallocated && (spec.valueSize + spec.keySize) * spec.maxEntries * copies > MAX_MAP_BYTES) {
		throw new Error(`map ${spec.name}: too large for the emulator (${spec.maxEntries} entries)`);
	}

	switch (spec.type) {
		case 'array':
		case 'percpu_array':
		case 'prog_array':
			return new ArrayMap(id, spec, memory, cpus);
		case 'hash':
		case 'percpu_hash':
		case 'lru_hash':
		case 'lru_percpu_hash':
			return new HashMap(id, spec, memory, cpus);
		case 'ringbuf':
			if (spec.maxEntries > MAX_MAP_BYTES) throw new Error(`map ${spec.name}: ring buffer too large`);
			return new RingBufMap(id, spec, memory);
		default:
			// perf_event_array, lpm_trie, stack_trace, task_storage …: kept as a plain hash table so
			// an object using one still loads, shows and dumps (with the real type name).
			return new HashMap(id, spec, memory, cpus);
	}
}
