// Asks the backend one batch of questions (ask), and turns the answers into a typed Snapshot
// (snapshotOf, pure). The two halves are apart so that a recording holds exactly what the backend
// answered, with its time, and a replay builds the same snapshot from it.
import {refreshError, type Backend, type CommandOutput} from '../backends/backend.js';
import type {Clock} from '../clock/clock.js';
import {parseOutput} from '../parse/command-output.js';
import {mapListSchema} from '../parse/map.js';
import {programListSchema} from '../parse/program.js';
import type {Snapshot} from '../snapshot/snapshot.js';
import {collectAttachments, runInNetns} from './collect-attachments.js';
import {collectProgramDump} from './collect-program-dump.js';
import {collectMapDump} from './map-dump.js';
import {commandsFor, type RefreshRequest} from './request.js';

/** What the backend answered in one refresh, and when. */
export type Answers = {
	/** Monotonic time the answers were taken at. */
	readonly timeNs: bigint;
	readonly wallMs: number;
	readonly outputs: readonly CommandOutput[];
	/** `net show` inside the named network namespace (--netns), when asked. */
	readonly netnsOutputs: readonly CommandOutput[];
};

export async function ask(backend: Backend, request: RefreshRequest, clock: Clock, signal?: AbortSignal): Promise<Answers> {
	// The detail view shows pinned paths, which bpftool lists only when asked (-f).
	const outputs = await backend.run(commandsFor(request), signal, request.progId === undefined ? undefined : {pinned: true});
	const timeNs = clock.nowNs();
	const wallMs = clock.wallMs();
	const netnsOutputs = await runInNetns(backend, request, signal);
	return {timeNs, wallMs, outputs, netnsOutputs};
}

export function snapshotOf(answers: Answers, request: RefreshRequest): Snapshot {
	const {outputs} = answers;
	const problems: string[] = [];
	// Without the program list there is nothing to show: that is a failed refresh, not a problem row.
	const programs = parseOutput(programListSchema, outputs[0]?.output, 'prog show');
	if (!programs.ok) throw refreshError(programs.error);
	const maps = parseOutput(mapListSchema, outputs[1]?.output, 'map show');
	if (!maps.ok) problems.push(maps.error);

	return {
		timeNs: answers.timeNs,
		wallMs: answers.wallMs,
		programs: programs.value,
		maps: maps.ok ? maps.value : [],
		problems,
		attachments: request.attachments ? collectAttachments([...outputs, ...answers.netnsOutputs], request, problems) : undefined,
		programDump: request.progId === undefined ? undefined : collectProgramDump(outputs, request.progId, problems),
		...collectMapDump(request, outputs, problems),
	};
}

export async function collect(backend: Backend, request: RefreshRequest, clock: Clock, signal?: AbortSignal): Promise<Snapshot> {
	return snapshotOf(await ask(backend, request, clock, signal), request);
}
