// The kernel's image of each distinct program: the same code over maps of the same shapes (the
// scaled scenario's replicas, one object loaded twice) is analysed and rewritten once; another
// load gets the image with its own map ids, place for place in the program's map list.
import type {BtfIndex} from '../btf/parse.js';
import type {ProgramSpec} from '../object.js';
import type {VerifierMap} from '../verifier/analyze.js';
import {LD_IMM64, PSEUDO} from '../vm/isa.js';
import {buildXlated, planXlated, type Xlated, type XlatedEnv} from '../verifier/xlated.js';

/** A result and the map ids it was made with (another load of the same code gets its own ids swapped in). */
type Made = {readonly xlated: Xlated; readonly mapIds: readonly number[]};

export class XlatedCache {
	private readonly made = new Map<string, Made>();

	constructor(private readonly env: Omit<XlatedEnv, 'programType'>) {}

	/** The program as the kernel keeps it. `codeKey` identifies the instructions (map ids left out, map value offsets in); `mapIds` are this load's, in the program's order. */
	xlated(spec: ProgramSpec, insns: Uint8Array, codeKey: string, mapIds: readonly number[], maps: ReadonlyMap<number, VerifierMap>, kernelBtf?: BtfIndex): Xlated {
		const sampleData = spec.type === 'perf_event' && kernelBtf ? perfSampleData(kernelBtf) : undefined;
		const env: XlatedEnv = {...this.env, programType: spec.type, ...(sampleData ? {sampleData} : {})};
		const key = `${spec.type}|${mapIds.map(id => signature(maps.get(id))).join(';')}|${spec.funcInfo?.filter(f => f.global).map(f => f.insn).join(',') ?? ''}|${codeKey}`;
		const known = this.made.get(key);
		if (known !== undefined) return withMapIds(known, mapIds);
		const xlated = buildXlated(insns, planXlated(insns, maps, spec.funcInfo, env), maps, spec.funcInfo, spec.lineInfo, env);
		this.made.set(key, {xlated, mapIds: [...mapIds]});
		return xlated;
	}
}

/** The same image over other maps: the ids in its map-loading ld_imm64s replaced, place for place. */
function withMapIds(made: Made, mapIds: readonly number[]): Xlated {
	if (made.mapIds.length === mapIds.length && made.mapIds.every((id, i) => id === mapIds[i])) return made.xlated;
	const insns = made.xlated.insns.slice();
	const view = new DataView(insns.buffer);
	for (let at = 0; at + 16 <= insns.length; at += 8) {
		if (insns[at] !== LD_IMM64) continue;
		const src = insns[at + 1]! >> 4;
		if (src === PSEUDO.MAP_FD || src === PSEUDO.MAP_VALUE) {
			const slot = made.mapIds.indexOf(view.getInt32(at + 4, true));
			if (slot >= 0) view.setInt32(at + 4, mapIds[slot]!, true);
		}

		at += 8;
	}

	return {...made.xlated, insns};
}

/** BTF_KIND_STRUCT. */
const STRUCT = 4;

function perfSampleData(btf: BtfIndex): {period: number; addr: number} | undefined {
	const id = btf.byName('perf_sample_data', [STRUCT])[0];
	const type = id === undefined ? undefined : btf.type(id);
	if (type?.kind !== 'struct') return undefined;
	const offset = (name: string) => type.members.find(m => m.name === name)?.bitOffset;
	const period = offset('period');
	const addr = offset('addr');
	return period === undefined || addr === undefined ? undefined : {period: period / 8, addr: addr / 8};
}

function signature(map: VerifierMap | undefined): string {
	if (map === undefined) return '?';
	const initial = map.readOnly && map.initial ? Buffer.from(map.initial).toString('base64') : '';
	return `${map.type}/${map.keySize}/${map.valueSize}/${map.maxEntries}/${initial}`;
}
