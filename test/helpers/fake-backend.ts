// A backend that answers from canned bpftool outputs, keyed by the command's words, and records
// every batch it was asked (with its scope), for tests of collect and the views. An answer may be
// a function of the call number, for figures that grow from one refresh to the next.
import type {Backend, Command, CommandOutput, RunScope} from '../../source/backends/backend.js';
import {readMapByDump, showByIdFromList} from '../../source/backends/dump-contents.js';

export type FakeBackend = Backend & {readonly calls: Array<{commands: readonly Command[]; scope?: RunScope}>};

export type Answer = unknown;

export function fakeBackend(answers: Record<string, Answer>, netnsAnswers: Record<string, Answer> = {}, label = 'fake bpftool'): FakeBackend {
	const calls: FakeBackend['calls'] = [];
	const backend: FakeBackend = {
		name: 'bpftool',
		label,
		stats: {on: true, how: 'simulated'},
		calls,
		async run(commands: readonly Command[], _signal?: AbortSignal, scope?: RunScope): Promise<CommandOutput[]> {
			calls.push({commands, scope});
			const table = scope?.netns === undefined ? answers : netnsAnswers;
			const call = calls.length;
			return commands.map(command => {
				const answer = table[command.join(' ')] ?? {error: `no canned answer for ${command.join(' ')}`};
				return {command, output: typeof answer === 'function' ? (answer as (call: number) => unknown)(call) : answer};
			});
		},
		// Map entries from the canned `map show id N` and `map dump id N`, as the bpftool backend's fallback reads them.
		readMap: async (mapId, options) => readMapByDump(showByIdFromList(async (commands, signal) => backend.run(commands, signal)), mapId, options),
		openTrace: () => ({take: () => ({lines: [], dropped: 0}), close: async () => {}}),
		close: async () => {},
	};
	return backend;
}
