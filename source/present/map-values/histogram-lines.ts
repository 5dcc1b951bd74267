// A histogram map drawn as a histogram: one line per bucket with its range, count, change, rate and
// a bar, grouped by key — bpftrace's hist()/lhist() maps (the key is [user key] + bucket index; the
// empty buckets between the lowest and the highest are drawn too, as bpftrace prints them), and
// libbpf-tools' `slots` arrays (one histogram per entry).
import {entryStride} from '../../model/map-bytes.js';
import {bucketLabel} from '../../model/histogram.js';
import {valueRow, type MapValueRow} from '../../model/map-rows.js';
import {keyCompare} from '../../model/map-order.js';
import {change, readNumber, valuesView} from '../../model/map-store.js';
import type {MapValues} from '../../model/map-values.js';
import type {ValueLine} from './value-lines.js';

type BucketLine = Extract<ValueLine, {kind: 'bucket'}>;

/** More lines than a screen can use: a histogram keyed by a million flows is cut here. */
const maxLines = 20_000;

const cache = new WeakMap<MapValues, Map<string, BucketLine[]>>();

export function histogramLines(values: MapValues, filter: string): BucketLine[] {
	const byFilter = cache.get(values) ?? new Map<string, BucketLine[]>();
	cache.set(values, byFilter);
	let lines = byFilter.get(filter);
	if (!lines) {
		lines = values.layout.histogram?.kind === 'slots' ? slotLines(values, filter) : keyedLines(values, filter);
		byFilter.set(filter, lines);
	}

	return lines;
}

function matches(filter: string, ...texts: string[]): boolean {
	const needle = filter.trim().toLowerCase();
	return needle === '' || texts.some(text => text.toLowerCase().includes(needle));
}

/** Scales counts to the largest of each group, for the bar. */
function withShares(group: BucketLine[]): BucketLine[] {
	const largest = Math.max(1, ...group.map(line => line.count));
	return group.map(line => ({...line, share: line.count / largest}));
}

/** bpftrace: every row is one bucket of the histogram of its key prefix. */
function keyedLines(values: MapValues, filter: string): BucketLine[] {
	const rows = Array.from({length: values.rowCount}, (_, row) => row).sort(keyCompare(values));
	const histogram = values.layout.histogram!;
	const groups = new Map<string, MapValueRow[]>();
	for (const index of rows) {
		const row = valueRow(values, index);
		if (!row.bucket) continue;
		const group = groups.get(row.bucket.group) ?? [];
		group.push(row);
		groups.set(row.bucket.group, group);
	}

	const lines: BucketLine[] = [];
	for (const [name, group] of groups) {
		if (!matches(filter, name, ...group.map(row => row.bucket!.label))) continue;
		const byIndex = new Map(group.map(row => [row.bucket!.index, row]));
		const indices = group.map(row => row.bucket!.index);
		const low = Math.min(...indices);
		const high = Math.max(...indices);
		const made: BucketLine[] = [];
		for (let index = low; index <= high && made.length < 4096; index++) {
			const row = byIndex.get(index);
			const primary = row?.fields[row.primary];
			made.push({
				kind: 'bucket',
				...(row ? {row} : {}),
				key: `${name}\u0000${index}`,
				group: made.length === 0 ? name : '',
				label: bucketLabel(histogram, index),
				count: primary?.reading?.number ?? 0,
				...(primary?.delta === undefined ? {} : {delta: primary.delta}),
				...(primary?.ratePerSec === undefined ? {} : {rate: primary.ratePerSec}),
				share: 0,
			});
		}

		lines.push(...withShares(made));
		if (lines.length >= maxLines) break;
	}

	return lines;
}

/** libbpf-tools: each entry's `slots` array is a histogram; its lines run from the first to the last slot in use. */
function slotLines(values: MapValues, filter: string): BucketLine[] {
	const contents = values.contents!;
	const histogram = values.layout.histogram;
	if (histogram?.kind !== 'slots') return [];
	const rows = Array.from({length: values.rowCount}, (_, row) => row).sort(keyCompare(values));
	const view = valuesView(contents);
	const previous = values.previous;
	const previousView = previous ? valuesView(previous) : undefined;
	const stride = entryStride(contents);
	const lines: BucketLine[] = [];
	for (const index of rows) {
		const row = valueRow(values, index);
		if (!matches(filter, row.keyText)) continue;
		const before = values.beforeIndex?.[index] ?? -1;
		const counts: number[] = [];
		const deltas: Array<number | undefined> = [];
		for (let slot = 0; slot < histogram.count; slot++) {
			const locator = {name: '', offset: histogram.offset + slot * histogram.size, size: histogram.size, signed: false};
			let count = 0;
			let moved: number | undefined = before >= 0 && previousView ? 0 : undefined;
			for (let cpu = 0; cpu < contents.cpus; cpu++) {
				const at = index * stride + cpu * contents.cpuStride;
				count += readNumber(view, at, locator);
				if (moved !== undefined) moved += change(previousView!, before * entryStride(previous!) + cpu * contents.cpuStride, view, at, locator);
			}

			counts.push(count);
			deltas.push(moved);
		}

		const used = counts.map((count, slot) => (count > 0 ? slot : -1)).filter(slot => slot >= 0);
		const low = used.length > 0 ? Math.min(...used) : 0;
		const high = used.length > 0 ? Math.max(...used) : 0;
		const made: BucketLine[] = [];
		for (let slot = low; slot <= high; slot++) {
			const delta = deltas[slot];
			made.push({
				kind: 'bucket',
				...(slot === low ? {row} : {}),
				key: `${row.id}\u0000${slot}`,
				group: slot === low ? row.keyText : '',
				label: bucketLabel(histogram, slot),
				count: counts[slot]!,
				...(delta === undefined ? {} : {delta, ...(values.intervalSec > 0 ? {rate: delta / values.intervalSec} : {})}),
				share: 0,
			});
		}

		lines.push(...withShares(made));
		if (lines.length >= maxLines) break;
	}

	return lines;
}
