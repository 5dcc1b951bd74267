// Numbers as a top-like table shows them: short, unit where it helps. One style everywhere: counts
// and rates in SI steps (k = 1000, M, G, T, P), bytes in binary steps (K = 1024, M, G, T), both
// with three significant digits (1.23k, 12.3k, 123k; 8.00K, 12.0K, 128K); bytes below 1K as 96B.

/** `value` scaled down by `base` until it is below 1000, with three significant digits and the step's unit. */
function scaled(value: number, base: number, units: readonly string[], unit = ''): string {
	let amount = value;
	for (const next of units) {
		if (Math.abs(amount) < 999.5) break;
		amount /= base;
		unit = next;
	}

	const abs = Math.abs(amount);
	return `${amount.toFixed(abs < 9.995 ? 2 : abs < 99.95 ? 1 : 0)}${unit}`;
}

export function formatCount(value: number): string {
	if (!Number.isFinite(value)) return '-';
	if (Math.abs(value) < 1000) return Number.isInteger(value) ? String(value) : value.toFixed(1);
	return scaled(value, 1000, ['k', 'M', 'G', 'T', 'P']);
}

export function formatRate(perSec: number): string {
	return perSec === 0 ? '0' : formatCount(perSec < 10 ? Math.round(perSec * 10) / 10 : Math.round(perSec));
}

export function formatNs(ns: number): string {
	if (ns === 0) return '0';
	if (ns < 1000) return `${Math.round(ns)}ns`;
	if (ns < 1e6) return `${(ns / 1e3).toFixed(ns < 1e4 ? 2 : 1)}µs`;
	if (ns < 1e9) return `${(ns / 1e6).toFixed(ns < 1e7 ? 2 : 1)}ms`;
	return `${(ns / 1e9).toFixed(2)}s`;
}

/** The smallest CPU share shown as a figure (10 ns of run time per second). */
const smallestPercent = 0.000_001;

/** Decimals that show a CPU share to two significant digits (at least two, at most six): enough to rank busy and idle programs alike. */
function percentDecimals(percent: number): number {
	if (percent >= 10) return 1;
	if (percent >= 1) return 2;
	return Math.min(6, Math.max(2, 1 - Math.floor(Math.log10(percent))));
}

/** A CPU share rounded as formatPercent shows it: sorting by this keeps jitter below the shown digits from reordering rows. */
export function shownPercent(percent: number): number {
	if (percent <= 0 || !Number.isFinite(percent)) return 0;
	if (percent < smallestPercent) return smallestPercent / 2;
	return Number(percent.toFixed(percentDecimals(percent)));
}

export function formatPercent(percent: number): string {
	if (percent === 0) return '0';
	if (!Number.isFinite(percent)) return '-';
	if (percent < smallestPercent) return `<${smallestPercent.toFixed(6)}`;
	return percent.toFixed(percentDecimals(percent));
}

export function formatBytes(bytes: number): string {
	if (Math.abs(bytes) < 1024) return `${bytes}B`;
	// 1000-1023 K is written as the next step's 0.98-1.00: three digits at most.
	const kib = bytes / 1024;
	return Math.abs(kib) >= 999.5 ? scaled(kib / 1024, 1024, ['G', 'T'], 'M') : scaled(kib, 1024, [], 'K');
}
