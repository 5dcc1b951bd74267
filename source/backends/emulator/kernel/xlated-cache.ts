// The kernel's image of each distinct program: the same code over maps of the same shapes (the
// scaled scenario's replicas, one object loaded twice) is analysed and rewritten once; another
// load gets the image with its own map ids, place for place in the program's map list.
import type {BtfIndex} from '../btf/parse.js';
import type {ProgramSpec} from '../object.js';
import type {VerifierMap} from '../verifier/analyze.js';
import {LD_IMM64, PSEUDO} from '../vm/isa.js';
import {memberPath} from '../btf/kinds.js';
import {DEFAULT_LAYOUT, type KernelLayout} from '../verifier/context.js';
import {buildXlated, planXlated, type Xlated, type XlatedEnv} from '../verifier/xlated.js';

/**
 * The kernel's image of one distinct program, as made for the first load of its code: the map ids
 * in it are that load's (xlatedFor() gives another load's).
 */
export type XlatedImage = {
	readonly xlated: Xlated;
	readonly mapIds: readonly number[];
	/** What `prog show` reports of it, the same for every load. */
	readonly figures: XlatedFigures;
};

/** bytes_xlated, and what the verifier model found (a reachable poisoned instruction, a model that gave up). */
export type XlatedFigures = Pick<Xlated, 'poisonedReached' | 'complete'> & {readonly bytes: number};

export class XlatedCache {
	private readonly made = new Map<string, XlatedImage>();

	constructor(private readonly env: Omit<XlatedEnv, 'programType'>) {}

	/** The image of the program as the kernel keeps it. `codeKey` identifies the instructions (map ids left out, map value offsets in); `mapIds` are this load's, in the program's order. */
	image(spec: ProgramSpec, insns: Uint8Array, codeKey: string, mapIds: readonly number[], maps: ReadonlyMap<number, VerifierMap>, kernelBtf?: BtfIndex): XlatedImage {
		const sampleData = spec.type === 'perf_event' && kernelBtf ? perfSampleData(kernelBtf) : undefined;
		const layout = kernelBtf && PACKET_TYPES.has(spec.type) ? kernelLayout(kernelBtf) : undefined;
		const env: XlatedEnv = {...this.env, programType: spec.type, ...(sampleData ? {sampleData} : {}), ...(layout ? {layout} : {})};
		const key = `${spec.type}|${mapIds.map(id => signature(maps.get(id))).join(';')}|${spec.funcInfo?.filter(f => f.global).map(f => f.insn).join(',') ?? ''}|${codeKey}`;
		const known = this.made.get(key);
		if (known !== undefined) return known;
		const xlated = buildXlated(insns, planXlated(insns, maps, spec.funcInfo, env), maps, spec.funcInfo, spec.lineInfo, env);
		const image = {xlated, mapIds: [...mapIds], figures: {bytes: xlated.insns.length, poisonedReached: xlated.poisonedReached, complete: xlated.complete}};
		this.made.set(key, image);
		return image;
	}
}

/** The image with another load's map ids: those in its map-loading ld_imm64s replaced, place for place. */
export function xlatedFor(image: XlatedImage, mapIds: readonly number[]): Xlated {
	if (image.mapIds.length === mapIds.length && image.mapIds.every((id, i) => id === mapIds[i])) return image.xlated;
	const insns = image.xlated.insns.slice();
	const view = new DataView(insns.buffer);
	for (let at = 0; at + 16 <= insns.length; at += 8) {
		if (insns[at] !== LD_IMM64) continue;
		const src = insns[at + 1]! >> 4;
		if (src === PSEUDO.MAP_FD || src === PSEUDO.MAP_VALUE) {
			const slot = image.mapIds.indexOf(view.getInt32(at + 4, true));
			if (slot >= 0) view.setInt32(at + 4, mapIds[slot]!, true);
		}

		at += 8;
	}

	return {...image.xlated, insns};
}

/** BTF_KIND_STRUCT. */
const STRUCT = 4;
const PACKET_TYPES = new Set(['xdp', 'sched_cls', 'sched_act', 'socket_filter', 'cgroup_skb']);

/** The kernel's sk_buff / xdp_buff offsets, from its BTF; undefined when this BTF is not a kernel's (an object's own). */
function kernelLayout(btf: BtfIndex): KernelLayout | undefined {
	const at = (struct: string, path: string): number | undefined => {
		const id = btf.byName(struct, [STRUCT])[0];
		return id === undefined ? undefined : memberPath(btf, id, path)?.offset;
	};

	if (btf.byName('sk_buff', [STRUCT]).length === 0) return undefined;
	const d = DEFAULT_LAYOUT;
	const pick = <T extends Record<string, number>>(defaults: T, struct: string, paths: Record<keyof T, string>): T =>
		Object.fromEntries(Object.entries(paths).map(([key, path]) => [key, at(struct, path) ?? defaults[key]])) as T;
	return {
		skb: pick(d.skb, 'sk_buff', {len: 'len', mark: 'mark', queueMapping: 'queue_mapping', protocol: 'protocol', vlanTci: 'vlan_tci', vlanProto: 'vlan_proto', priority: 'priority', skbIif: 'skb_iif', dev: 'dev', hash: 'hash', tcIndex: 'tc_index', cb: 'cb', data: 'data', napiId: 'napi_id', sk: 'sk', pktType: '__pkt_type_offset'}),
		cb: {qdiscData: at('qdisc_skb_cb', 'data') ?? d.cb.qdiscData, dataMeta: at('bpf_skb_data_end', 'data_meta') ?? d.cb.dataMeta, dataEnd: at('bpf_skb_data_end', 'data_end') ?? d.cb.dataEnd},
		xdp: {
			...pick({data: d.xdp.data, dataEnd: d.xdp.dataEnd, dataMeta: d.xdp.dataMeta, rxq: d.xdp.rxq, txq: d.xdp.txq}, 'xdp_buff', {data: 'data', dataEnd: 'data_end', dataMeta: 'data_meta', rxq: 'rxq', txq: 'txq'}),
			rxqDev: at('xdp_rxq_info', 'dev') ?? d.xdp.rxqDev,
			rxqQueueIndex: at('xdp_rxq_info', 'queue_index') ?? d.xdp.rxqQueueIndex,
			txqDev: at('xdp_txq_info', 'dev') ?? d.xdp.txqDev,
		},
		netDeviceIfindex: at('net_device', 'ifindex') ?? d.netDeviceIfindex,
	};
}

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
