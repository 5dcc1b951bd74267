// Bytes read from a trace pipe over ssh (a remote `cat`) → whole lines, waiting in a bounded buffer
// until taken. When more arrive between two takes than a view keeps, the oldest are counted as
// skipped (read, not kept); a line with no newline is cut rather than grown without bound.
export type LineBuffer = {
	feed(bytes: Uint8Array): void;
	/** The lines since the last take, and how many more were read and not kept. */
	take(): {lines: string[]; dropped: number; skipped: number};
};

export function createLineBuffer(maxLines: number, maxLineChars: number): LineBuffer {
	let pending: string[] = [];
	let skipped = 0;
	let partial = '';
	// Streaming, so a character split across two reads survives; invalid UTF-8 becomes U+FFFD.
	const decoder = new TextDecoder('utf-8', {fatal: false});

	function push(line: string) {
		pending.push(line);
		// Trim in batches: memory stays under 2 × maxLines without shifting the array per line.
		if (pending.length >= 2 * maxLines) {
			skipped += pending.length - maxLines;
			pending = pending.slice(-maxLines);
		}
	}

	return {
		feed(bytes) {
			const parts = (partial + decoder.decode(bytes, {stream: true})).split('\n');
			partial = parts.pop() ?? '';
			for (const part of parts) if (part !== '') push(part);
			if (partial.length > maxLineChars) {
				push(partial.slice(0, maxLineChars));
				partial = '';
			}
		},
		take() {
			const lines = pending.length > maxLines ? pending.slice(-maxLines) : pending;
			const chunk = {lines, dropped: 0, skipped: skipped + pending.length - lines.length};
			pending = [];
			skipped = 0;
			return chunk;
		},
	};
}
