// Answers are matched to questions by the command itself, not by position: other views add their
// own commands to the same batch.
import type {Command, CommandOutput} from '../backends/backend.js';

export function outputFor(outputs: readonly CommandOutput[], command: Command): unknown {
	return outputs.find(output => output.command.length === command.length && output.command.every((word, index) => word === command[index]))?.output;
}
