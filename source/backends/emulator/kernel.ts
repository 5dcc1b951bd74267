// The emulated kernel: loads BPF objects (maps, programs, BTF ids), attaches programs to simulated
// event sources, and runs them on real bytecode as simulated time passes.
//
// Time: every query calls catchUp(), which reads clock.nowNs() and simulates the events that
// arrived since the last catch-up, in time order, across all programs.
//
// run_cnt counts every arrival. Arrivals are real executions of the program's bytecode up to a
// budget (kernel/catch-up.ts: runCap per program per catch-up, runBudget per simulated second
// across programs); the rest are estimated at the program's measured cost, so run_cnt and
// run_time_ns keep the simulated rate while the interpreter's work stays bounded. run_time_ns of
// a real run is derived from the instructions executed and the helpers called, with ±15 % jitter
// from the seeded PRNG.
import type {Clock} from '../../clock/clock.js';
import {ArrayMap} from './maps/array.js';
import {createMap} from './maps/create.js';
import {completeMap} from './kernel/map-defaults.js';
import {internalMapName} from './elf/map-types.js';

/** BPF_F_RDONLY_PROG: programs may only read the map. */
const BPF_F_RDONLY_PROG = 0x80;
import type {EmuMap} from './maps/map.js';
import {RingBufMap} from './maps/ringbuf.js';
import type {BpfObjectSpec} from './object.js';
import {Prng, hashString} from './prng.js';
import {parseKernelVersion, tagAlgorithm, type TagAlgorithm} from './tag.js';
import type {VerifierMap} from './verifier/analyze.js';
import {XlatedCache, type XlatedImage} from './kernel/xlated-cache.js';
import type {BtfIndex} from './btf/parse.js';
import {KernelMemory} from './kernel/kernel-memory.js';
import {uidOf} from './kernel/tasks.js';
import type {Woken, World} from './kernel/tracing-events.js';
import {HELPERS, type Helper, type HelperHost} from './vm/helpers.js';
import {Interpreter, type RunResult} from './vm/interpreter.js';
import {Memory, VmFault, type Region} from './vm/memory.js';
import {PointerFields} from './vm/pointer-fields.js';
import {linkProgram, type VmProgram} from './vm/program.js';
import {low32, toBig, type U64} from './vm/u64.js';
import type {AttachOptions, LiveAttachment} from './kernel/attachments.js';
import {eventBuffers, eventSlot, makeEvent, type EventBuffers, type EventInfo} from './kernel/contexts.js';
import {CurrentTask} from './kernel/current-task.js';
import {CatchUp, type EventSource} from './kernel/catch-up.js';
import {CodeCache} from './kernel/code-cache.js';
import {LoadedProgram, nameSubprograms, patchMapReferences, type ProgramFields, type ProgramImages} from './kernel/program.js';
import {TraceBuffer} from './kernel/trace-buffer.js';

export type {LoadedProgram} from './kernel/program.js';
export type {Attachment, AttachOptions, LiveAttachment} from './kernel/attachments.js';

export type KernelOptions = {
	readonly seed: number;
	readonly clock: Clock;
	/** Decides the tag hash: SHA-1 before 6.18, SHA-256 from 6.18. */
	readonly kernelVersion?: string;
	readonly cpus?: number;
	/** Interpreted runs per program per catch-up at most (default: no bound but the run budget); more arrivals are estimated. */
	readonly runCap?: number;
	/**
	 * Interpreted runs per simulated second across all programs (default 1000); beyond it arrivals
	 * are shared fairly and the rest estimated (kernel/run-budget.ts).
	 */
	readonly runBudget?: number;
	/** Trace buffer size in lines (default 4096). */
	readonly traceCapacity?: number;
	/**
	 * Seconds of history simulated at the first catch-up, so the first answer already shows runs
	 * and filled maps (default 0).
	 */
	readonly warmUpSeconds?: number;
	/**
	 * Runs interpreted in that history (default runBudget, a second's worth); the rest of it is
	 * estimated. The monitor's screen asks for few, so its first frame comes at once.
	 */
	readonly warmUpRuns?: number;
};

export type LoadOptions = {
	/** Program name → where it is attached and how busy it is. */
	readonly attach?: Readonly<Record<string, AttachOptions | readonly AttachOptions[]>>;
	/** The process holding the object's fds (bpftool's "pids"), with its command line where it matters (bpftrace's script). */
	readonly owner?: Owner;
	readonly uid?: number;
	/** How long ago (seconds) the object was loaded; default now. */
	readonly loadedAgoSeconds?: number;
};

export type LoadResult = {
	readonly programIds: number[];
	readonly mapIds: number[];
	readonly btfId?: number;
	/** Program and map ids by name. */
	readonly programs: Readonly<Record<string, number>>;
	readonly maps: Readonly<Record<string, number>>;
};

export type Owner = {readonly pid: number; readonly comm: string; readonly args?: readonly string[]};

export type KernelMap = {
	readonly map: EmuMap;
	readonly btfId?: number;
	readonly owner?: Owner;
	/** For a prog_array: the type of the programs it holds (bpftool's owner_prog_type). */
	ownerProgType?: string;
	/** Where the emulator completed what the kernel would refuse (shown as emulator_notes). */
	readonly notes?: readonly string[];
};

export type Link = {
	readonly id: number;
	readonly programId: number;
	readonly attachment: LiveAttachment;
	readonly owner?: {readonly pid: number; readonly comm: string};
};

/**
 * The name bpftool prints: the kernel keeps 15 characters, and bpftool takes the full name from
 * the program's BTF (its first func_info) when the kernel's fills all 15.
 */
function shownName(spec: BpfObjectSpec['programs'][number]): string {
	if (spec.name.length < 15) return spec.name;
	return spec.funcInfo?.[0]?.name || spec.name.slice(0, 15);
}

/** Helpers by id in an array: the lookup is on every call. */
const HELPER_TABLE: Array<Helper | undefined> = [];
for (const [id, helper] of HELPERS) HELPER_TABLE[id] = helper;
const CATCH_UP_WINDOW_NS = 10_000_000_000n;
/** libbpf's poisoned instruction: a call to helper 0xbad2310. */
const POISONED_CALL = 195_896_080;

export class EmulatorKernel implements ProgramImages {
	readonly kernelVersion: string;
	readonly cpus: number;
	readonly tagAlgorithm: TagAlgorithm;
	readonly trace: TraceBuffer;
	readonly memory = new Memory();
	private readonly clock: Clock;
	private readonly prng: Prng;
	private readonly runPrng: Prng;
	private readonly catchUps: CatchUp;
	private readonly code: CodeCache;
	private readonly xlatedCache: XlatedCache;
	private readonly kernelMemories = new Map<BtfIndex, KernelMemory>();
	/** Tasks woken and not yet running: the scheduler events of every object share it. */
	private readonly runqueue: Woken[] = [];
	/** When the kernel was made: time before it is warm-up history, which earns no run budget. */
	private readonly bornNs: bigint;
	private readonly interpreter: Interpreter;
	private readonly programsById = new Map<number, LoadedProgram>();
	private readonly mapsById = new Map<number, KernelMap>();
	private readonly linksById = new Map<number, Link>();
	/**
	 * The programs and maps by id, made when the set changes: `prog show` and `map show` of every
	 * refresh copied and sorted a thousand of each (~35 KB/s at 1 refresh/s).
	 */
	private programsSorted: readonly LoadedProgram[] | undefined;
	private mapsSorted: readonly KernelMap[] | undefined;
	private nextProgId: number;
	private nextMapId: number;
	private nextBtfId: number;
	private nextLinkId: number;
	private lastNs: bigint;
	private readonly task = new CurrentTask();
	private readonly host: HelperHost;
	private runCostNs = 0;
	private readonly ctxRegion: Region;
	private readonly packetRegion: Region;
	private readonly auxRegion: Region;
	private readonly buffers: EventBuffers = eventBuffers();
	private readonly pointerFields = new PointerFields(this.buffers.ctx.length);
	/** The catch-up's event, rewritten for every arrival (no object per run). */
	private readonly event = eventSlot();

	constructor(options: KernelOptions) {
		this.clock = options.clock;
		this.kernelVersion = options.kernelVersion ?? '6.8';
		this.cpus = Math.max(1, options.cpus ?? 2);
		this.tagAlgorithm = tagAlgorithm(this.kernelVersion);
		this.code = new CodeCache(this.tagAlgorithm);
		this.xlatedCache = new XlatedCache({version: parseKernelVersion(this.kernelVersion), cpus: this.cpus});
		this.prng = new Prng(options.seed);
		this.runPrng = this.prng.fork(1);
		this.catchUps = new CatchUp({seed: options.seed, runCap: options.runCap ?? Number.MAX_SAFE_INTEGER, runBudget: options.runBudget ?? 1000, warmUpRuns: options.warmUpRuns});
		this.trace = new TraceBuffer(options.traceCapacity ?? 4096);
		// A booted system has loaded (and freed) a few objects already: ids start part-way.
		this.nextProgId = this.prng.int(8, 60);
		this.nextMapId = this.prng.int(3, 30);
		this.nextBtfId = this.prng.int(60, 120);
		this.nextLinkId = this.prng.int(1, 6);
		this.bornNs = this.clock.nowNs();
		this.lastNs = this.bornNs - BigInt(Math.round((options.warmUpSeconds ?? 0) * 1e9));
		this.host = {
			memory: this.memory,
			task: this.task,
			prng: this.runPrng,
			trace: lines => this.trace.push(lines),
		};
		this.interpreter = new Interpreter({
			memory: this.memory,
			callHelper: (id, args) => {
				const helper = HELPER_TABLE[id];
				if (helper === undefined) throw new VmFault(id === POISONED_CALL ? 'reached an instruction CO-RE poisoned (call 0xbad2310): the kernel would refuse this program' : `unknown helper ${id}`);
				this.runCostNs += helper.costNs;
				return helper.call(this.host, args);
			},
			tailCallTarget: (progArray, index) => this.tailCallTarget(progArray, index),
		}, 1_000_000);
		this.ctxRegion = this.memory.alloc('ctx', this.buffers.ctx);
		this.packetRegion = this.memory.alloc('packet', this.buffers.packet);
		this.auxRegion = this.memory.alloc('ctx', this.buffers.aux);
		this.ctxRegion.pointerFields = this.pointerFields;
	}

	// ——— loading ———

	loadObject(spec: BpfObjectSpec, options: LoadOptions = {}): LoadResult {
		const hasBtf = spec.maps.some(m => m.valueType !== undefined) || spec.programs.some(p => p.funcInfo !== undefined);
		const btfId = hasBtf ? this.nextBtfId++ : undefined;
		const mapIdByName = new Map<string, number>();
		const created: KernelMap[] = [];
		try {
			for (const declared of spec.maps) {
				const {spec: mapSpec, note} = completeMap(declared, this.cpus);
				const id = this.nextMapId++;
				const map = createMap(id, mapSpec, this.memory, this.cpus);
				// The kernel ties a map to the object's BTF only when it was created with key or value type ids.
				const typed = mapSpec.keyType !== undefined || mapSpec.valueType !== undefined;
				const entry: KernelMap = {map, btfId: typed ? btfId : undefined, owner: options.owner, ...(note ? {notes: [note]} : {})};
				created.push(entry);
				mapIdByName.set(mapSpec.name, id);
			}
		} catch (error) {
			for (const entry of created) entry.map.destroy();
			throw error;
		}

		for (const entry of created) this.mapsById.set(entry.map.id, entry);
		this.mapsSorted = undefined;
		const loadedAt = Math.floor(this.clock.wallMs() / 1000) - (options.loadedAgoSeconds ?? 0);
		const world = this.worldFor(spec);
		const objectNotes = [
			...(spec.core ? [`CO-RE: ${spec.core.relocations} relocations resolved against ${spec.core.target}${spec.core.poisoned > 0 ? `, ${spec.core.poisoned} instruction${spec.core.poisoned === 1 ? '' : 's'} poisoned` : ''}`] : []),
			...(spec.notes ?? []),
		];
		// Prepare every program first: one the verifier would refuse fails the whole object, as
		// with libbpf, and leaves nothing behind.
		const prepared: ProgramFields[] = [];
		try {
			for (const programSpec of spec.programs) {
				const {insns, mapIds} = patchMapReferences(programSpec, mapIdByName);
				// libbpf binds the object's .rodata to every program (BPF_PROG_BIND_MAP, for bpftool's
				// metadata): the kernel lists it after the maps the code uses.
				const rodata = mapIdByName.get(internalMapName(spec.name, '.rodata'));
				if (rodata !== undefined && !mapIds.includes(rodata)) mapIds.push(rodata);
				const shared = this.code.program(programSpec, insns);
				const probeMem = programSpec.type === 'tracing' || programSpec.type === 'lsm' || programSpec.type === 'struct_ops';
				const vm = linkProgram(programSpec.name, shared.decoded, insns, (_index, src, imm, nextImm) => this.resolveImm(src, imm, nextImm, world), probeMem);
				prepared.push({
					id: 0,
					name: shownName(programSpec),
					type: programSpec.type,
					tag: shared.tag,
					spec: programSpec,
					vm,
					// Exact size: an array grown by push keeps room for 16.
					mapIds: [...mapIds],
					btfId: programSpec.funcInfo === undefined ? undefined : btfId,
					...(spec.kernelBtf ? {kernelBtf: spec.kernelBtf} : {}),
					loadedAt,
					uid: options.uid ?? 0,
					gplCompatible: /GPL/.test(spec.license),
					bytesJited: shared.bytesJited,
					bytesMemlock: Math.ceil((insns.length + 1) / 4096) * 4096,
					subprograms: nameSubprograms(programSpec, shared.subprograms),
					owner: options.owner,
					attachments: [],
					ringBuffers: mapIds.map(id => this.mapsById.get(id)?.map).filter((m): m is RingBufMap => m instanceof RingBufMap),
					stats: {runCnt: 0, runTimeNs: 0, errors: 0, insns: 0, interpreted: 0, interpretedTimeNs: 0, interpretedErrors: 0, estimated: 0},
					notes: [...objectNotes, ...(programSpec.notes ?? [])],
					...(world ? {world} : {}),
				});
			}
		} catch (error) {
			for (const entry of created) {
				this.mapsById.delete(entry.map.id);
				this.mapsSorted = undefined;
				entry.map.destroy();
			}

			throw error;
		}

		const programs: Record<string, number> = {};
		const programIds: number[] = [];
		for (const draft of prepared) {
			const id = this.nextProgId++;
			const program = new LoadedProgram({...draft, id}, this);
			this.programsById.set(id, program);
			this.programsSorted = undefined;
			programs[draft.spec.name] = id;
			programIds.push(id);
			for (const mapId of program.mapIds) {
				const entry = this.mapsById.get(mapId);
				if (entry?.map.spec.type === 'prog_array') entry.ownerProgType ??= program.type;
			}

			const attach = options.attach?.[draft.spec.name];
			const list: readonly AttachOptions[] = attach === undefined ? [] : 'at' in attach ? [attach as AttachOptions] : attach as readonly AttachOptions[];
			for (const at of list) this.attach(id, at);
		}

		const maps = Object.fromEntries(mapIdByName);
		return {programIds, mapIds: [...mapIdByName.values()], btfId, programs, maps};
	}

	attach(programId: number, options: AttachOptions): LiveAttachment {
		const program = this.programsById.get(programId);
		if (program === undefined) throw new Error(`no program ${programId}`);
		const linkId = options.link === true ? this.nextLinkId++ : undefined;
		const live: LiveAttachment = {...options, programId, linkId};
		program.attachments = program.attachments.concat(live);
		if (linkId !== undefined) this.linksById.set(linkId, {id: linkId, programId, attachment: live, owner: program.owner});
		const prng = new Prng(hashString(`${program.name}:${programId}:${program.attachments.length}`) ^ this.prng.u32());
		this.catchUps.sources.push({program, attachment: live, prng, arrivals: 0, admitted: 0});
		return live;
	}

	/** Puts a program into a prog_array slot (what user space does with bpf_map_update_elem). */
	setTailCall(progArrayId: number, index: number, programId: number): void {
		const entry = this.mapsById.get(progArrayId);
		if (entry === undefined || entry.map.spec.type !== 'prog_array') throw new Error(`map ${progArrayId} is not a prog_array`);
		const key = new Uint8Array(4);
		new DataView(key.buffer).setUint32(0, index, true);
		const value = new Uint8Array(4);
		new DataView(value.buffer).setUint32(0, programId, true);
		entry.map.update(key, value, 0);
	}

	/** The kernel memory an object's tracing programs read, laid out by its BTF (one per BTF: objects prepared for the same kernel share it). */
	private worldFor(spec: BpfObjectSpec): World | undefined {
		if (spec.kernelBtf === undefined) return undefined;
		const memoryOf = (btf: BtfIndex) => {
			let memory = this.kernelMemories.get(btf);
			if (memory === undefined) this.kernelMemories.set(btf, memory = new KernelMemory(this.memory, btf));
			return memory;
		};

		const kernel = memoryOf(spec.kernelBtf);
		const local = spec.localBtf && spec.localBtf !== spec.kernelBtf ? memoryOf(spec.localBtf) : undefined;
		return {kernel, local, runqueue: this.runqueue, now: () => this.task.nowNs};
	}

	/** A program's instructions as loaded, patched again from its spec and its maps' ids (patchMapReferences). */
	loadedInsns(program: LoadedProgram): Uint8Array {
		const mapIdByName = new Map<string, number>();
		for (const id of program.mapIds) {
			const entry = this.mapsById.get(id);
			if (entry !== undefined) mapIdByName.set(entry.map.spec.name, id);
		}

		return patchMapReferences(program.spec, mapIdByName).insns;
	}

	/** The image the kernel keeps of a program after verification, shared by every load of the same code over maps of the same shapes. */
	xlatedImage(program: LoadedProgram): XlatedImage {
		const {spec, insns, mapIds} = program;
		const codeKey = `${program.tag}:${insns.length}:${spec.mapRefs.map(ref => ref.offset).join(',')}`;
		return this.xlatedCache.image(spec, insns, codeKey, mapIds, this.verifierMaps(mapIds), program.kernelBtf);
	}

	/** What the verifier model knows of these maps: shapes, and the contents of frozen read-only ones. */
	private verifierMaps(ids: readonly number[]): Map<number, VerifierMap> {
		const out = new Map<number, VerifierMap>();
		for (const id of ids) {
			const entry = this.mapsById.get(id);
			if (entry === undefined) continue;
			const spec = entry.map.spec;
			const readOnly = entry.map.frozen && (spec.flags & BPF_F_RDONLY_PROG) !== 0;
			out.set(id, {id, type: spec.type, keySize: spec.keySize, valueSize: spec.valueSize, maxEntries: spec.maxEntries, readOnly, ...(readOnly ? {initial: spec.initialValue ?? new Uint8Array(spec.valueSize)} : {})});
		}

		return out;
	}

	private resolveImm(src: number, imm: number, nextImm: number, world?: World): U64 {
		// A typed __ksym: the kernel variable with this BTF id (zeroes, laid out by its type).
		if (src === 3) return world?.kernel?.variable(imm) ?? 0;
		// A callback's address: an opaque value (the helpers that take callbacks are not emulated).
		if (src === 4) return 0xf000_0000_0000 + imm;
		const entry = this.mapsById.get(imm);
		if (entry === undefined) throw new Error(`ld_imm64 refers to unknown map ${imm}`);
		if (src === 1) return Memory.address(entry.map.handle);
		if (!(entry.map instanceof ArrayMap)) throw new Error(`map ${imm} has no direct value access`);
		return Memory.address(entry.map.valueRegion(), nextImm);
	}

	private tailCallTarget(progArray: U64, index: U64): VmProgram | undefined {
		const region = this.memory.regionAt(progArray);
		if (region?.kind !== 'map' || !(region.owner instanceof ArrayMap) || region.owner.spec.type !== 'prog_array') return undefined;
		// The kernel compares the index as a u32.
		const slot = low32(index);
		if (slot >= region.owner.spec.maxEntries) return undefined;
		return this.programsById.get(region.owner.u32At(slot))?.vm;
	}

	// ——— running ———

	/** Simulates every event since the last catch-up. Called before each query. */
	catchUp(): void {
		const now = this.clock.nowNs();
		if (now <= this.lastNs) return;
		const start = now - this.lastNs > CATCH_UP_WINDOW_NS ? now - CATCH_UP_WINDOW_NS : this.lastNs;
		const span = Number(now - start);
		this.lastNs = now;
		const realNs = now - (start > this.bornNs ? start : this.bornNs);
		const history = start < this.bornNs;
		this.catchUps.simulate(span, realNs > 0n ? Number(realNs) / 1e9 : 0, history, (source: EventSource, offsetNs: number) => {
			this.task.setTime(start, offsetNs);
			const event = makeEvent(source.attachment.at, source.prng, this.buffers, source.program.world, this.event);
			if (event.atNs !== undefined) this.task.setTime(event.atNs, 0);
			this.run(source.program, event);
		});
	}

	/** A fresh event for an attachment, written into the kernel's reusable buffers. */
	makeEvent(attachment: LiveAttachment['at'], prng: Prng = this.runPrng, world?: World): EventInfo {
		return makeEvent(attachment, prng, this.buffers, world);
	}

	/** Runs a program once on the event last written into the buffers (the catch-up does this for every arrival). */
	execute(program: LoadedProgram, event: EventInfo, atNs: bigint = this.clock.nowNs()): RunResult {
		this.task.setTime(atNs, 0);
		const insns = this.run(program, event);
		const interpreter = this.interpreter;
		const error = interpreter.lastError;
		const result = {r0: error === undefined ? toBig(interpreter.lastR0) : 0n, insns, helperCalls: interpreter.lastHelperCalls};
		return error === undefined ? result : {...result, error};
	}

	/** One run at the task's time: sets up ctx, packet and task, interprets, accounts. Returns instructions executed. */
	private run(program: LoadedProgram, event: EventInfo): number {
		this.memory.reset(this.ctxRegion, this.buffers.ctx, event.ctxSize);
		this.memory.reset(this.packetRegion, this.buffers.packet, event.packetSize);
		this.memory.reset(this.auxRegion, this.buffers.aux, event.auxSize);
		const pointers = this.pointerFields;
		pointers.clear();
		const fields = event.pointers;
		for (let i = 0; i < fields.length; i++) {
			const p = fields[i]!;
			const offset = p.offset === 'end' ? event.packetSize : p.offset;
			pointers.set(p.at, Memory.address(p.target === 'packet' ? this.packetRegion : this.auxRegion, offset));
		}

		const task = this.task;
		task.cpu = this.runPrng.int(0, this.cpus - 1);
		task.pid = event.task.pid;
		task.tgid = event.task.tgid;
		task.comm = event.task.comm;
		task.address = program.world?.kernel?.taskAddress(event.task) ?? 0;
		task.uid = uidOf(event.task);
		task.flags = event.softirq ? '..s21' : '...21';
		this.runCostNs = 0;
		const interpreter = this.interpreter;
		const insns = interpreter.exec(program.vm, Memory.address(this.ctxRegion));
		const ringBuffers = program.ringBuffers;
		for (let i = 0; i < ringBuffers.length; i++) ringBuffers[i]!.releaseAll();

		this.memory.settle();
		const stats = program.stats;
		const cost = Math.max(1, Math.round((20 + insns * 1.2 + this.runCostNs) * (0.85 + 0.3 * this.runPrng.float())));
		stats.runCnt++;
		stats.runTimeNs += cost;
		stats.insns += insns;
		stats.interpreted++;
		stats.interpretedTimeNs += cost;
		if (interpreter.lastError !== undefined) {
			stats.errors++;
			stats.interpretedErrors++;
			stats.lastError = interpreter.lastError;
		}

		return insns;
	}

	// ——— queries ———

	programs(): LoadedProgram[] {
		this.catchUp();
		return [...this.programsById.values()];
	}

	/** Every program in id order, the same array while the set is unchanged (do not modify it). */
	programsInOrder(): readonly LoadedProgram[] {
		this.catchUp();
		return this.programsSorted ??= [...this.programsById.values()].sort((a, b) => a.id - b.id);
	}

	program(id: number): LoadedProgram | undefined {
		this.catchUp();
		return this.programsById.get(id);
	}

	maps(): KernelMap[] {
		this.catchUp();
		return [...this.mapsById.values()];
	}

	/** Every map in id order, the same array while the set is unchanged (do not modify it). */
	mapsInOrder(): readonly KernelMap[] {
		this.catchUp();
		return this.mapsSorted ??= [...this.mapsById.values()].sort((a, b) => a.map.id - b.map.id);
	}

	map(id: number): KernelMap | undefined {
		this.catchUp();
		return this.mapsById.get(id);
	}

	links(): Link[] {
		this.catchUp();
		return [...this.linksById.values()];
	}

	link(id: number): Link | undefined {
		this.catchUp();
		return this.linksById.get(id);
	}

	/** Lines from the trace buffer since the last take (consumes them). */
	takeTrace(): {lines: string[]; dropped: number} {
		this.catchUp();
		return this.trace.take();
	}
}
