// A backend that answers from canned bpftool outputs, keyed by the command's words, and records
// every batch it was asked (with its scope), for tests of collect and the views.
import type {Backend, Command, CommandOutput, RunScope} from '../../source/backends/backend.js';

export type FakeBackend = Backend & {readonly calls: Array<{commands: readonly Command[]; scope?: RunScope}>};

export function fakeBackend(answers: Record<string, unknown>, netnsAnswers: Record<string, unknown> = {}): FakeBackend {
	const calls: FakeBackend['calls'] = [];
	return {
		name: 'bpftool',
		label: 'fake bpftool',
		stats: {on: true, how: 'simulated'},
		calls,
		async run(commands: readonly Command[], _signal?: AbortSignal, scope?: RunScope): Promise<CommandOutput[]> {
			calls.push({commands, scope});
			const table = scope?.netns === undefined ? answers : netnsAnswers;
			return commands.map(command => ({command, output: table[command.join(' ')] ?? {error: `no canned answer for ${command.join(' ')}`}}));
		},
		openTrace: () => ({take: () => ({lines: [], dropped: 0}), close: async () => {}}),
		close: async () => {},
	};
}
