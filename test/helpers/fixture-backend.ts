// A backend that answers from the real bpftool output captured in test/fixtures, with run counters
// that grow on every refresh — for component tests of views, before and beside the emulator.
import {readFileSync} from 'node:fs';
import type {CommandOutput} from '../../source/backends/backend.js';
import {fakeBackend, type FakeBackend} from './fake-backend.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/bpftool/${name}`, import.meta.url), 'utf8'));

export function fixtureBackend(extraPrograms: Array<Record<string, unknown>> = []): FakeBackend {
	const batch = fixture('batch-hello.json') as CommandOutput[];
	const answers: Record<string, unknown> = Object.fromEntries(batch.map(entry => [entry.command.join(' '), entry.output]));
	const hello = fixture('prog-show-stats.json') as Record<string, number>;
	// Program i runs (i + 1) × 100 times per refresh, at 1 µs a run.
	answers['prog show'] = (call: number) =>
		[hello, ...extraPrograms].map((program, index) => ({...program, run_cnt: call * 100 * (index + 1), run_time_ns: call * 100_000 * (index + 1)}));
	// The same object, not a copy: its readMap reads through `run`, which tests may wrap.
	return Object.assign(fakeBackend(answers, {}, 'fixture'), {stats: {on: true, how: 'fd'} as const});
}
