// The answers of the remote bpftool runner (remote-scripts.ts, batchScript) in its output stream:
// bpftool's output, "\n" TOKEN " " STATUS "\n", bpftool's stderr, "\n" TOKEN " end\n". Pure.
export type FramedAnswer = {readonly stdout: string; readonly status: number; readonly stderr: string};

export type FrameReader = {
	/** Adds text read from the session; returns the answers now complete. */
	push(text: string): FramedAnswer[];
	/** Characters held for an answer not complete yet. */
	readonly pending: number;
};

export function frameReader(token: string): FrameReader {
	const head = `\n${token} `;
	const tail = `\n${token} end\n`;
	let buffer = '';
	// Where to look for the token next: an answer of 100 MB is not searched again from its start.
	let searchFrom = 0;

	return {
		push(text) {
			buffer += text;
			const answers: FramedAnswer[] = [];
			for (;;) {
				const at = buffer.indexOf(head, searchFrom);
				if (at < 0) {
					searchFrom = Math.max(0, buffer.length - head.length);
					return answers;
				}

				const statusEnd = buffer.indexOf('\n', at + head.length);
				const end = statusEnd < 0 ? -1 : buffer.indexOf(tail, statusEnd);
				if (end < 0) {
					searchFrom = at;
					return answers;
				}

				const stderr = buffer.slice(statusEnd + 1, end);
				answers.push({stdout: buffer.slice(0, at), status: Number(buffer.slice(at + head.length, statusEnd)), stderr});
				buffer = buffer.slice(end + tail.length);
				searchFrom = 0;
			}
		},
		get pending() {
			return buffer.length;
		},
	};
}

/** A request to the runner: `batch N [-f]` and the N command lines. */
export function batchRequest(lines: string, pinned: boolean): string {
	const count = lines.split('\n').filter(line => line !== '').length;
	return `batch ${count}${pinned ? ' -f' : ''}\n${lines}`;
}
