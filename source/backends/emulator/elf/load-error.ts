// One error type for everything that can go wrong reading an object: the CLI prints its message as
// is, so each message is a single line that names the file and the problem.

export class LoadError extends Error {
	constructor(
		readonly file: string,
		readonly problem: string,
	) {
		super(`${printable(file)}: ${printable(problem)}`);
		this.name = 'LoadError';
	}
}

// Names inside a damaged file can hold any byte: escape control characters to keep one line.
function printable(text: string): string {
	return text.replace(/[\u0000-\u001f\u007f]/g, c => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
