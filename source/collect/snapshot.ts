// One refresh's worth of kernel state, typed. Everything after this point is pure.
import type {BpfMap} from '../parse/map.js';
import type {MapDump} from './map-dump.js';
import type {Program} from '../parse/program.js';
import type {AttachmentSources} from './collect-attachments.js';
import type {ProgramDump} from './collect-program-dump.js';

export type Snapshot = {
	/** Monotonic time the answers were taken at. */
	readonly timeNs: bigint;
	/** Wall-clock time, for JSON and "loaded at" ages. */
	readonly wallMs: number;
	readonly programs: readonly Program[];
	readonly maps: readonly BpfMap[];
	/** Commands that failed without sinking the refresh (a map that vanished mid-batch …). */
	readonly problems: readonly string[];
	/** Where programs are attached, when a view asked (RefreshRequest.attachments). */
	readonly attachments?: AttachmentSources;
	/** The instructions of the program in detail, when a view asked (RefreshRequest.progId). */
	readonly programDump?: ProgramDump;
	/** The entries of the map the value table shows (RefreshRequest.mapId). */
	readonly mapDump?: MapDump;
};
