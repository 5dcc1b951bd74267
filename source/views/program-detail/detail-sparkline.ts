// A one-line chart of recent values for the detail view (a shared Sparkline component may replace it).
const bars = '▁▂▃▄▅▆▇█';

export function detailSparkline(values: readonly number[], width: number): string {
	const shown = values.slice(Math.max(0, values.length - width));
	const max = Math.max(0, ...shown);
	if (shown.length === 0) return '';
	return shown.map(value => (max <= 0 ? bars[0] : bars[Math.min(bars.length - 1, Math.round((value / max) * (bars.length - 1)))])).join('');
}
