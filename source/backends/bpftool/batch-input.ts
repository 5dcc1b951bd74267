// bpftool reads a batch file as lines of words. Nothing we send may add a line or split a word,
// so every argument is checked against a plain-word pattern before it is written.
import type {Command} from '../backend.js';

const plainWord = /^[\w./:@+-]+$/;

export function batchInput(commands: readonly Command[]): string {
	return commands
		.map(command => {
			for (const word of command) {
				if (!plainWord.test(word)) throw new Error(`refusing to pass ${JSON.stringify(word)} to bpftool batch`);
			}

			return command.join(' ');
		})
		.join('\n') + '\n';
}
