// Reads a recording back: gunzips what is readable (a file cut short by a kill has no gzip trailer),
// checks the header, and keeps each refresh as its JSON text, parsed again when replayed, so a long
// recording costs its text in memory, not a tree of objects. A damaged part ends the recording
// there: what came before it is replayed, and where it stopped is said.
import {createReadStream} from 'node:fs';
import {constants, createGunzip} from 'node:zlib';
import {formatName, formatVersion, headerSchema, lineSchema, type RecordingHeader, type RefreshLine, type TraceLine} from './format.js';

export type RecordedRefresh = {
	readonly timeNs: bigint;
	readonly wallMs: number;
	/** The line as written: parsed when replayed. */
	readonly text: string;
};

export type Recording = {
	readonly header: RecordingHeader;
	readonly refreshes: readonly RecordedRefresh[];
	readonly traces: readonly TraceLine[];
	/** Where and why reading stopped early; undefined when the whole file was read. */
	readonly damage?: string;
	/** How the recording ended: 'exit', or 'size limit' when the recorder stopped before the monitor did. */
	readonly ended?: string;
};

/** One line for the user, and exit code 1. */
export class RecordingError extends Error {
	override name = 'RecordingError';
}

/**
 * The decompressed text, as far as it can be read, and the gzip error that stopped it (if any).
 * zlib hands out output a buffer at a time and drops the unfinished buffer on an error, so a damaged
 * file is read again in small pieces to keep all that comes before the damage.
 */
async function gunzipReadable(path: string, chunkSize?: number): Promise<{text: string; error?: string}> {
	const chunks: Buffer[] = [];
	// Z_SYNC_FLUSH at the end: a stream without its trailer (killed mid-write) still gives its data.
	const gunzip = createGunzip({finishFlush: constants.Z_SYNC_FLUSH, ...(chunkSize ? {chunkSize} : {})});
	gunzip.on('data', (chunk: Buffer) => chunks.push(chunk));
	const error = await new Promise<string | undefined>(resolve => {
		const input = createReadStream(path, chunkSize ? {highWaterMark: chunkSize} : {});
		input.on('error', failure => resolve(`cannot read ${path}: ${failure.message}`));
		gunzip.on('error', failure => resolve(failure.message));
		gunzip.on('end', () => resolve(undefined));
		input.pipe(gunzip);
	});
	if (error?.startsWith('cannot read')) throw new RecordingError(error);
	if (error && chunkSize === undefined) return gunzipReadable(path, 256);
	return {text: Buffer.concat(chunks).toString('utf8'), error};
}

export async function readRecording(path: string): Promise<Recording> {
	const {text, error: gzipError} = await gunzipReadable(path);
	const notRecording = `${path} is not a bpftop-ts recording (made with --record)`;
	if (text.length === 0) throw new RecordingError(gzipError ? `${notRecording}: ${gzipError}` : `${path} is empty`);
	const lines = text.split('\n');
	// A file cut mid-line ends without a newline: its last piece is incomplete.
	const complete = text.endsWith('\n');
	if (complete) lines.pop();

	const header = parseHeader(lines[0]!);
	if (header === undefined) throw new RecordingError(notRecording);
	if (header.format_version > formatVersion) {
		throw new RecordingError(`${path} was recorded by a newer bpftop-ts (${header.version}, format ${header.format_version}); this one reads format ${formatVersion}`);
	}

	const refreshes: RecordedRefresh[] = [];
	const traces: TraceLine[] = [];
	let damage: string | undefined;
	let ended: string | undefined;
	for (let index = 1; index < lines.length; index++) {
		const line = lines[index]!;
		const last = index === lines.length - 1 && !complete;
		const parsed = parseLine(line);
		if (!parsed || last) {
			const why = last ? 'cut short' : 'damaged';
			damage = `${why} at line ${index + 1}: replaying the ${refreshes.length} refreshes before it`;
			break;
		}

		if (parsed.type === 'refresh') refreshes.push({timeNs: BigInt(parsed.t), wallMs: parsed.wall, text: line});
		else if (parsed.type === 'trace') traces.push(parsed);
		else ended = parsed.reason;
	}

	if (gzipError && damage === undefined) damage = `damaged after ${refreshes.length} refreshes (${gzipError})`;
	// A recorder that was killed wrote no last line: what it wrote before is all there is.
	if (damage === undefined && ended === undefined) damage = `cut short after ${refreshes.length} refreshes (the recording did not end normally)`;
	if (refreshes.length === 0) throw new RecordingError(`${path} holds no refresh${damage ? ` (${damage})` : ''}`);
	return {header, refreshes, traces, ...(damage ? {damage} : {}), ...(ended ? {ended} : {})};
}

function parseHeader(line: string): RecordingHeader | undefined {
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch {
		return undefined;
	}

	// A newer format's header may have fields this version does not know: check only what names it.
	if (typeof value === 'object' && value !== null && (value as {format?: unknown}).format === formatName) {
		const version = (value as {format_version?: unknown}).format_version;
		if (typeof version === 'number' && version > formatVersion) return value as RecordingHeader;
	}

	const result = headerSchema.safeParse(value);
	return result.success ? result.data : undefined;
}

function parseLine(line: string): ReturnType<typeof lineSchema.parse> | undefined {
	try {
		const result = lineSchema.safeParse(JSON.parse(line));
		return result.success ? result.data : undefined;
	} catch {
		return undefined;
	}
}

/** A refresh's answers, parsed from its text (the text was checked when the recording was read). */
export function refreshAnswers(refresh: RecordedRefresh): RefreshLine {
	return JSON.parse(refresh.text) as RefreshLine;
}
