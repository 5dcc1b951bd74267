// Small pure helpers for the bench: terminal text to plain lines, and numbers to table cells.

/** Removes terminal escape sequences (CSI, OSC, two-byte ESC) and other control characters. */
export function stripAnsi(text: string): string {
	return text
		.replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
		.replace(/\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)/g, '')
		.replace(/\u001b[@-_]/g, '')
		.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

/** The last non-empty line of terminal output, as plain text (why a CLI refused to start). */
export function lastLine(output: string): string {
	const lines = stripAnsi(output)
		.split('\n')
		.map(line => line.trim())
		.filter(Boolean);
	return lines.at(-1) ?? '';
}

/** `value / reference`, or undefined when there is nothing to divide by. */
export function ratio(value: number | undefined, reference: number | undefined): number | undefined {
	if (value === undefined || reference === undefined || reference <= 0) return undefined;
	return value / reference;
}

export function formatRatio(value: number | undefined): string {
	return value === undefined ? '–' : `${value.toFixed(value < 10 ? 2 : 1)}×`;
}

/** A number with the decimals it deserves: 0.123, 1.23, 12.3, 1234. */
export function formatNumber(value: number | undefined): string {
	if (value === undefined || !Number.isFinite(value)) return '–';
	const magnitude = Math.abs(value);
	return value.toFixed(magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3);
}
