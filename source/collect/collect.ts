// Asks the backend one batch of questions and turns the answers into a typed Snapshot.
import {refreshError, type Backend} from '../backends/backend.js';
import type {Clock} from '../clock/clock.js';
import {parseOutput} from '../parse/command-output.js';
import {mapListSchema} from '../parse/map.js';
import {programListSchema} from '../parse/program.js';
import {collectAttachments, runInNetns} from './collect-attachments.js';
import {collectProgramDump} from './collect-program-dump.js';
import {collectMapDump} from './map-dump.js';
import {commandsFor, type RefreshRequest} from './request.js';
import type {Snapshot} from '../snapshot/snapshot.js';

export async function collect(backend: Backend, request: RefreshRequest, clock: Clock, signal?: AbortSignal): Promise<Snapshot> {
	const commands = commandsFor(request);
	// The detail view shows pinned paths, which bpftool lists only when asked (-f).
	const outputs = await backend.run(commands, signal, request.progId === undefined ? undefined : {pinned: true});
	const timeNs = clock.nowNs();
	const wallMs = clock.wallMs();
	const problems: string[] = [];
	const netnsOutputs = await runInNetns(backend, request, problems, signal);

	// Without the program list there is nothing to show: that is a failed refresh, not a problem row.
	const programs = parseOutput(programListSchema, outputs[0]?.output, 'prog show');
	if (!programs.ok) throw refreshError(programs.error);
	const maps = parseOutput(mapListSchema, outputs[1]?.output, 'map show');
	if (!maps.ok) problems.push(maps.error);

	return {
		timeNs,
		wallMs,
		programs: programs.value,
		maps: maps.ok ? maps.value : [],
		problems,
		attachments: request.attachments ? collectAttachments([...outputs, ...netnsOutputs], request, problems) : undefined,
		programDump: request.progId === undefined ? undefined : collectProgramDump(outputs, request.progId, problems),
		...collectMapDump(request, outputs, problems),
	};
}
