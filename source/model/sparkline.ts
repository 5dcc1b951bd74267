// A history as a one-line chart, scaled to its own maximum. The ASCII ramp is for terminals
// without the block characters (--ascii).

const blocks = ' ▁▂▃▄▅▆▇█';
const ascii = ' .:-=+*#%@';

export type SparklineOptions = {readonly ascii?: boolean};

/** The last `width` values, right-aligned; negative values draw as zero. */
export function sparkline(values: readonly number[], width: number, options: SparklineOptions = {}): string {
	if (width <= 0) return '';
	const ramp = [...(options.ascii ? ascii : blocks)];
	const shown = values.slice(Math.max(0, values.length - width));
	const max = Math.max(0, ...shown.filter(Number.isFinite));
	const line = shown
		.map(value => {
			if (!Number.isFinite(value) || value <= 0 || max === 0) return ramp[1]!;
			// Any activity shows at least the lowest mark above the baseline.
			return ramp[Math.max(2, Math.round((value / max) * (ramp.length - 1)))]!;
		})
		.join('');
	return line.padStart(width, ' ');
}
