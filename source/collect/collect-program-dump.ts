// The detail view's questions about one program: its translated instructions and, where the local
// bpftool can disassemble, its JIT-compiled machine code.
import type {Command, CommandOutput} from '../backends/backend.js';
import type {z} from 'zod';
import {bpftoolError, parseOutput, type Parsed} from '../parse/command-output.js';
import {jitedLines, jitedSchema, noDisassembler, type JitedLine} from '../parse/jited.js';
import {numberInsns, xlatedSchema, type XlatedInsn} from '../parse/xlated.js';
import {outputFor} from './find-output.js';
import type {Dump, ProgramDump} from '../snapshot/snapshot.js';

export const xlatedCommand = (progId: number): Command => ['prog', 'dump', 'xlated', 'id', String(progId)];
export const jitedCommand = (progId: number): Command => ['prog', 'dump', 'jited', 'id', String(progId)];

function xlated(parsed: Parsed<z.infer<typeof xlatedSchema>>): Dump<XlatedInsn> {
	return parsed.ok ? {ok: true, lines: numberInsns(parsed.value)} : {ok: false, error: parsed.error};
}

export function collectProgramDump(outputs: readonly CommandOutput[], progId: number, problems: string[]): ProgramDump {
	const xlatedParsed = parseOutput(xlatedSchema, outputFor(outputs, xlatedCommand(progId)), `prog dump xlated id ${progId}`);
	if (!xlatedParsed.ok) problems.push(xlatedParsed.error);
	const jitedOutput = outputFor(outputs, jitedCommand(progId));
	if (jitedOutput === undefined) return {progId, xlated: xlated(xlatedParsed)};
	const jitedError = bpftoolError(jitedOutput);
	let jited: ProgramDump['jited'];
	if (jitedError !== undefined && noDisassembler(jitedError)) {
		jited = {ok: false, error: jitedError, unsupported: true};
	} else {
		const parsed = parseOutput(jitedSchema, jitedOutput, `prog dump jited id ${progId}`);
		jited = parsed.ok ? {ok: true, lines: jitedLines(parsed.value)} : {ok: false, error: parsed.error};
	}

	return {
		progId,
		xlated: xlated(xlatedParsed),
		jited,
	};
}
