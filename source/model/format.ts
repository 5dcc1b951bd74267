// Numbers as a top-like table shows them: short, fixed width, unit where it helps.

export function formatCount(value: number): string {
	if (!Number.isFinite(value)) return '-';
	const abs = Math.abs(value);
	if (abs < 1000) return Number.isInteger(value) ? String(value) : value.toFixed(1);
	const units = ['k', 'M', 'G', 'T', 'P'];
	let scaled = value;
	let unit = '';
	for (const next of units) {
		if (Math.abs(scaled) < 1000) break;
		scaled /= 1000;
		unit = next;
	}

	return `${scaled.toFixed(Math.abs(scaled) < 10 ? 2 : Math.abs(scaled) < 100 ? 1 : 0)}${unit}`;
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

export function formatPercent(percent: number): string {
	if (percent === 0) return '0';
	if (percent < 0.01) return '<0.01';
	return percent < 10 ? percent.toFixed(2) : percent.toFixed(1);
}

export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes}B`;
	const units = ['K', 'M', 'G', 'T'];
	let scaled = bytes;
	let unit = 'B';
	for (const next of units) {
		if (scaled < 1024) break;
		scaled /= 1024;
		unit = next;
	}

	return `${scaled < 10 ? scaled.toFixed(1) : Math.round(scaled)}${unit}`;
}
