// The network side of the default system: a tc classifier counting packets per IP protocol, a
// per-CPU egress counter, an LRU-hash connection tracker, and a cgroup_skb ping blocker.
// Real bytecode, written with the assembler (registers: r1 ctx, r10 frame pointer).
import type {BpfObjectSpec, ProgramSpec} from '../object.js';
import {Asm, type Assembled} from '../vm/asm.js';
import {struct, U16, U32, U64, U8} from './btf-types.js';

const H = {lookup: 1, update: 2, ktime: 5} as const;
const SKB = {len: 0, data: 76, dataEnd: 80} as const;

function tcIngress(): Asm {
	const a = new Asm('netmon.bpf.c');
	a.func('tc_ingress', 'int tc_ingress(struct __sk_buff * skb)');
	a.line('void *data = (void *)(long)skb->data;').ldx('w', 2, 1, SKB.data);
	a.line('void *data_end = (void *)(long)skb->data_end;').ldx('w', 3, 1, SKB.dataEnd);
	a.line('if (data + sizeof(struct ethhdr) + sizeof(struct iphdr) > data_end)').movr(4, 2).alu64('ADD', 4, 34).jmpr('JGT', 4, 3, 'out');
	a.line('__u32 proto = ip->protocol;').ldx('b', 5, 2, 23).stx('w', 10, -4, 5);
	a.line('__u64 *count = bpf_map_lookup_elem(&proto_counts, &proto);').ldMap(1, 'proto_counts').movr(2, 10).alu64('ADD', 2, -4).call(H.lookup);
	a.line('if (count)').jmp('JEQ', 0, 0, 'new');
	a.line('__sync_fetch_and_add(count, 1);').mov(1, 1).atomic('dw', 'ADD', 0, 0, 1).ja('out');
	a.label('new').line('bpf_map_update_elem(&proto_counts, &proto, &one, BPF_NOEXIST);').st('dw', 10, -16, 1).ldMap(1, 'proto_counts')
		.movr(2, 10).alu64('ADD', 2, -4).movr(3, 10).alu64('ADD', 3, -16).mov(4, 1).call(H.update);
	a.label('out').line('return TC_ACT_OK;').mov(0, 0).exit();
	return a;
}

function tcEgress(): Asm {
	const a = new Asm('netmon.bpf.c');
	a.func('tc_egress', 'int tc_egress(struct __sk_buff * skb)');
	a.movr(6, 1);
	a.line('struct stats *s = bpf_map_lookup_elem(&egress_stats, &zero);').st('w', 10, -4, 0).ldMap(1, 'egress_stats').movr(2, 10).alu64('ADD', 2, -4).call(H.lookup);
	a.line('if (!s)').jmp('JEQ', 0, 0, 'out');
	a.line('s->packets++;').ldx('dw', 1, 0, 0).alu64('ADD', 1, 1).stx('dw', 0, 0, 1);
	a.line('s->bytes += skb->len;').ldx('w', 2, 6, SKB.len).ldx('dw', 1, 0, 8).alu64r('ADD', 1, 2).stx('dw', 0, 8, 1);
	a.label('out').line('return TC_ACT_OK;').mov(0, 0).exit();
	return a;
}

function conntrack(): Asm {
	const a = new Asm('netmon.bpf.c');
	a.func('conntrack', 'int conntrack(struct __sk_buff * skb)');
	a.movr(6, 1);
	a.line('void *data = (void *)(long)skb->data;').ldx('w', 2, 6, SKB.data).ldx('w', 3, 6, SKB.dataEnd);
	a.line('if (data + sizeof(struct ethhdr) + sizeof(struct iphdr) + 4 > data_end)').movr(4, 2).alu64('ADD', 4, 38).jmpr('JGT', 4, 3, 'out');
	a.line('struct flow key = {};').st('dw', 10, -16, 0).st('dw', 10, -8, 0);
	a.line('key.saddr = ip->saddr;').ldx('w', 4, 2, 26).stx('w', 10, -16, 4);
	a.line('key.daddr = ip->daddr;').ldx('w', 4, 2, 30).stx('w', 10, -12, 4);
	a.line('key.proto = ip->protocol;').ldx('b', 5, 2, 23).stx('b', 10, -4, 5);
	a.line('if (key.proto != IPPROTO_ICMP) {').jmp('JEQ', 5, 1, 'lookup');
	a.line('key.sport = ports[0]; key.dport = ports[1];').ldx('h', 4, 2, 34).stx('h', 10, -8, 4).ldx('h', 4, 2, 36).stx('h', 10, -6, 4);
	a.label('lookup').line('struct conn *c = bpf_map_lookup_elem(&conntrack, &key);').ldMap(1, 'conntrack').movr(2, 10).alu64('ADD', 2, -16).call(H.lookup);
	a.line('if (!c) {').jmp('JNE', 0, 0, 'found');
	a.line('struct conn fresh = {1, skb->len, bpf_ktime_get_ns()};').call(H.ktime).stx('dw', 10, -24, 0).st('dw', 10, -40, 1).ldx('w', 1, 6, SKB.len).stx('dw', 10, -32, 1);
	a.line('bpf_map_update_elem(&conntrack, &key, &fresh, BPF_ANY);').ldMap(1, 'conntrack').movr(2, 10).alu64('ADD', 2, -16).movr(3, 10).alu64('ADD', 3, -40).mov(4, 0).call(H.update).ja('out');
	a.label('found').movr(7, 0);
	a.line('__sync_fetch_and_add(&c->packets, 1);').mov(1, 1).atomic('dw', 'ADD', 7, 0, 1);
	a.line('__sync_fetch_and_add(&c->bytes, skb->len);').ldx('w', 1, 6, SKB.len).atomic('dw', 'ADD', 7, 8, 1);
	a.line('c->last_seen = bpf_ktime_get_ns();').call(H.ktime).stx('dw', 7, 16, 0);
	a.label('out').line('return TC_ACT_OK;').mov(0, 0).exit();
	return a;
}

function cgIngress(): Asm {
	const a = new Asm('cgfilter.bpf.c');
	a.func('cg_ingress', 'int cg_ingress(struct __sk_buff * skb)');
	a.line('void *data = (void *)(long)skb->data;').ldx('w', 2, 1, SKB.data).ldx('w', 3, 1, SKB.dataEnd);
	a.line('__u32 verdict = ALLOWED;').mov(6, 0);
	a.line('if (data + sizeof(struct iphdr) > data_end)').movr(4, 2).alu64('ADD', 4, 20).jmpr('JGT', 4, 3, 'count');
	a.line('if (ip->protocol == IPPROTO_ICMP)').ldx('b', 4, 2, 9).jmp('JNE', 4, 1, 'count');
	a.line('verdict = DROPPED;').mov(6, 1);
	a.label('count').line('__u64 *n = bpf_map_lookup_elem(&cg_verdicts, &verdict);').stx('w', 10, -4, 6).ldMap(1, 'cg_verdicts').movr(2, 10).alu64('ADD', 2, -4).call(H.lookup);
	a.line('if (n)').jmp('JEQ', 0, 0, 'verdict');
	a.line('__sync_fetch_and_add(n, 1);').mov(1, 1).atomic('dw', 'ADD', 0, 0, 1);
	a.label('verdict').line('return verdict == ALLOWED;').mov(0, 1).jmp('JEQ', 6, 0, 'done').mov(0, 0);
	a.label('done').exit();
	return a;
}

/**
 * A program spec from its assembler, assembled once: the scaled scenario loads hundreds of replicas
 * of the same code, and they share its instructions (the kernel then shares their decoding and tags).
 */
export function assembled(build: () => Asm): (name: string, section: string, type: string) => ProgramSpec {
	let built: Assembled | undefined;
	return (name, section, type) => {
		built ??= build().build();
		return {name, section, type, insns: built.insns, mapRefs: built.mapRefs, funcInfo: built.funcInfo, lineInfo: built.lineInfo};
	};
}

const tcIngressProgram = assembled(tcIngress);
const tcEgressProgram = assembled(tcEgress);
const conntrackProgram = assembled(conntrack);
const cgIngressProgram = assembled(cgIngress);

const FLOW = struct('flow', [['saddr', U32, 0], ['daddr', U32, 4], ['sport', U16, 8], ['dport', U16, 10], ['proto', U8, 12]]);
const CONN = struct('conn', [['packets', U64, 0], ['bytes', U64, 8], ['last_seen', U64, 16]]);
const STATS = struct('stats', [['packets', U64, 0], ['bytes', U64, 8]]);

/**
 * `suffix` tells replicas apart when the scenario is scaled up; a replica's quiet container tracks
 * fewer flows (`conntrackEntries`), so that 1,000 programs' maps fill and stay flat in memory.
 */
export function netmonObject(suffix = '', conntrackEntries = 512): BpfObjectSpec {
	return {
		name: `netmon${suffix}`,
		license: 'GPL',
		maps: [
			{name: `proto_counts${suffix}`.slice(0, 15), type: 'hash', keySize: 4, valueSize: 8, maxEntries: 256, flags: 0, keyType: U32, valueType: U64},
			{name: `egress_stats${suffix}`.slice(0, 15), type: 'percpu_array', keySize: 4, valueSize: 16, maxEntries: 1, flags: 0, keyType: U32, valueType: STATS},
			{name: `conntrack${suffix}`.slice(0, 15), type: 'lru_hash', keySize: 16, valueSize: 24, maxEntries: conntrackEntries, flags: 0, keyType: FLOW, valueType: CONN},
		].map(m => m),
		programs: [
			renameMaps(tcIngressProgram(`tc_ingress${suffix}`, 'tc', 'sched_cls'), suffix),
			renameMaps(tcEgressProgram(`tc_egress${suffix}`, 'tc', 'sched_cls'), suffix),
			renameMaps(conntrackProgram(`conntrack${suffix}`, 'tc', 'sched_cls'), suffix),
		],
	};
}

export function cgfilterObject(suffix = ''): BpfObjectSpec {
	return {
		name: `cgfilter${suffix}`,
		license: 'GPL',
		maps: [{name: `cg_verdicts${suffix}`.slice(0, 15), type: 'array', keySize: 4, valueSize: 8, maxEntries: 2, flags: 0, keyType: U32, valueType: U64}],
		programs: [renameMaps(cgIngressProgram(`cg_ingress${suffix}`, 'cgroup_skb/ingress', 'cgroup_skb'), suffix)],
	};
}

/** Points a program's map references at the suffixed map names. */
export function renameMaps<T extends {mapRefs: ReadonlyArray<{map: string}>}>(spec: T, suffix: string): T {
	if (suffix === '') return spec;
	return {...spec, mapRefs: spec.mapRefs.map(ref => ({...ref, map: `${ref.map}${suffix}`.slice(0, 15)}))};
}
