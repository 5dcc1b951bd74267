// Where an entry's bytes are in a read (MapContents): keys packed, values one copy per CPU each.
import type {MapContents} from '../snapshot/map-contents.js';

/** Bytes of one entry's value(s) in `values`. */
export function entryStride(contents: Pick<MapContents, 'cpus' | 'cpuStride'>): number {
	return contents.cpus * contents.cpuStride;
}

/** The value bytes of entry `index` on copy `cpu` (a view, not a copy). */
export function valueBytes(contents: MapContents, index: number, cpu = 0): Uint8Array {
	const start = index * entryStride(contents) + cpu * contents.cpuStride;
	return contents.values.subarray(start, start + contents.valueSize);
}

export function keyBytes(contents: MapContents, index: number): Uint8Array {
	return contents.keys.subarray(index * contents.keySize, (index + 1) * contents.keySize);
}

