// A backend that answers from the real bpftool output captured in test/fixtures, with run counters
// that grow on every refresh — for component tests of views, before and beside the emulator.
import {readFileSync} from 'node:fs';
import type {Backend, Command, CommandOutput} from '../../source/backends/backend.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/bpftool/${name}`, import.meta.url), 'utf8'));

export function fixtureBackend(extraPrograms: Array<Record<string, unknown>> = []): Backend & {calls: number} {
	const batch = fixture('batch-hello.json') as CommandOutput[];
	const answers = new Map(batch.map(entry => [entry.command.join(' '), entry.output]));
	const hello = fixture('prog-show-stats.json') as Record<string, number>;
	const backend = {
		name: 'bpftool' as const,
		label: 'fixture',
		stats: {on: true, how: 'fd'} as const,
		calls: 0,
		async run(commands: readonly Command[]): Promise<CommandOutput[]> {
			backend.calls++;
			const n = backend.calls;
			return commands.map(command => {
				const key = command.join(' ');
				if (key === 'prog show') {
					const programs = [hello, ...extraPrograms].map((program, index) => ({
						...program,
						run_cnt: n * 100 * (index + 1),
						run_time_ns: n * 100_000 * (index + 1),
					}));
					return {command, output: programs};
				}

				return {command, output: answers.get(key) ?? {error: `no fixture for "${key}"`}};
			});
		},
		openTrace: () => ({take: () => ({lines: [], dropped: 0}), close: async () => {}}),
		close: async () => {},
	};
	return backend;
}
