// One error type for everything that can go wrong reading an object: the CLI prints its message as
// is, so each message is a single line that names the file and the problem.

export class LoadError extends Error {
	constructor(
		readonly file: string,
		readonly problem: string,
	) {
		super(`${file}: ${problem}`);
		this.name = 'LoadError';
	}
}
