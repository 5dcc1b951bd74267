// The verifier model's decisions per distinct program: the same code over maps of the same shapes
// (the scaled scenario's replicas, one object loaded twice) is analysed once. Map ids differ
// between such loads, so decisions are kept by the map's place in the program's map list.
import type {BtfIndex} from '../btf/parse.js';
import type {ProgramSpec} from '../object.js';
import type {Analysis, VerifierMap} from '../verifier/analyze.js';
import {buildXlated, planXlated, type Xlated, type XlatedEnv} from '../verifier/xlated.js';

type Plan = Omit<Analysis, 'callMaps'> & {readonly callSlots: ReadonlyMap<number, number | 'mixed'>};

export class XlatedCache {
	private readonly plans = new Map<string, Plan>();

	constructor(private readonly env: Omit<XlatedEnv, 'programType'>) {}

	/** The program as the kernel keeps it. `codeKey` identifies the instructions (map ids blanked); `mapIds` are this load's, in the program's order. */
	xlated(spec: ProgramSpec, insns: Uint8Array, codeKey: string, mapIds: readonly number[], maps: ReadonlyMap<number, VerifierMap>, kernelBtf?: BtfIndex): Xlated {
		const sampleData = spec.type === 'perf_event' && kernelBtf ? perfSampleData(kernelBtf) : undefined;
		const env: XlatedEnv = {...this.env, programType: spec.type, ...(sampleData ? {sampleData} : {})};
		const key = `${spec.type}|${mapIds.map(id => signature(maps.get(id))).join(';')}|${spec.funcInfo?.filter(f => f.global).map(f => f.insn).join(',') ?? ''}|${codeKey}`;
		let plan = this.plans.get(key);
		if (plan === undefined) {
			const analysis = planXlated(insns, maps, spec.funcInfo, env);
			const callSlots = new Map([...analysis.callMaps].map(([pc, map]) => [pc, map === 'mixed' ? map : mapIds.indexOf(map)] as const));
			plan = {seen: analysis.seen, ctxLoads: analysis.ctxLoads, poisonedReached: analysis.poisonedReached, complete: analysis.complete, callSlots};
			this.plans.set(key, plan);
		}

		const callMaps = new Map([...plan.callSlots].map(([pc, slot]) => [pc, slot === 'mixed' || slot < 0 ? 'mixed' as const : mapIds[slot]!] as const));
		return buildXlated(insns, {...plan, callMaps}, maps, spec.funcInfo, spec.lineInfo, env);
	}
}

/** Where struct perf_sample_data keeps period and addr in this kernel (perf_event context reads go there). */
function perfSampleData(btf: BtfIndex): {period: number; addr: number} | undefined {
	const id = btf.byName('perf_sample_data').find(candidate => btf.type(candidate).kind === 'struct');
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
