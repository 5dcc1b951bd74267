// One refresh's worth of kernel state, typed: what collect/ produces from the backend's answers and
// the model consumes. Types only, so the model depends on no I/O layer. Everything after this is pure.
import type {BpfMap} from '../parse/map.js';
import type {MapContents} from './map-contents.js';
import type {Program} from '../parse/program.js';
import type {CgroupTree} from '../parse/cgroup-tree.js';
import type {JitedLine} from '../parse/jited.js';
import type {Link} from '../parse/link-show.js';
import type {NetShow} from '../parse/net-show.js';
import type {PerfEntry} from '../parse/perf-show.js';
import type {XlatedInsn} from '../parse/xlated.js';

export type Snapshot = {
	/** The machine the answers came from (--host); undefined for the local machine watched alone. */
	readonly host?: string;
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

export type AttachmentSources = {
	/** The namespace `net show` ran in: its name (--netns), or undefined for the current one. */
	readonly netns?: string;
	readonly net?: NetShow;
	readonly links: readonly Link[];
	readonly cgroups: CgroupTree;
	readonly perf: readonly PerfEntry[];
};

export type Dump<Line> = {readonly ok: true; readonly lines: readonly Line[]} | {readonly ok: false; readonly error: string};

export type ProgramDump = {
	readonly progId: number;
	readonly xlated: Dump<XlatedInsn>;
	/** `unsupported` when bpftool was built without a disassembler (Debian's: "No libbfd support"); undefined when not asked. */
	readonly jited?: Dump<JitedLine> & {readonly unsupported?: boolean};
};

export type {MapContents, MapHolder, MapReadOptions, MapReadProgress} from './map-contents.js';

/** The value table's map as read this refresh; `timeNs` is when its entries stand for (a long read's middle). */
export type MapDump =
	/** `cpuMs`: the process's CPU time while it read (the kernel's copying counts), which paces the next reads. */
	| {readonly mapId: number; readonly status: 'ok'; readonly contents: MapContents; readonly timeNs: bigint; readonly cpuMs?: number}
	| {readonly mapId: number; readonly status: 'skipped' | 'error'; readonly reason: string}
	/** Not read this refresh: the last read stands (a read costs so much that it is made every few refreshes). */
	| {readonly mapId: number; readonly status: 'kept'};

/** Lines taken from the trace pipe since the last call. Reading the pipe consumes it. */
export type TraceChunk = {
	/** The newest lines read since the last call, as many as a view can keep. */
	readonly lines: readonly string[];
	/** Lines lost: the kernel overwrote them (`[LOST n EVENTS]` outside `lines`), or the reader fell behind. */
	readonly dropped: number;
	/** Lines read but not kept: more arrived between two calls than a view can show (a flood). */
	readonly skipped?: number;
	/** Why nothing can be read (tracefs missing, no permission …); undefined while all is well. */
	readonly error?: string;
	/** Something the user should know that does not stop reading (tracing switched off). */
	readonly notice?: string;
	/** With several hosts: the host of each line, parallel to `lines`. */
	readonly hosts?: readonly string[];
};
