// Counters for the Maps view tests: a .bss counter, a BTF hash of per-port counters, a hash of
// per-protocol structs and a per-CPU array, all bumped by every packet (XDP on loopback in a netns).
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

__u64 packets = 0;

struct proto_stats {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} port_packets SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, struct proto_stats);
} proto_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} cpu_packets SEC(".maps");

SEC("xdp")
int counters(struct xdp_md *ctx) {
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 zero = 0;
	__u64 one = 1;

	__sync_fetch_and_add(&packets, 1);
	__u64 *cpu = bpf_map_lookup_elem(&cpu_packets, &zero);
	if (cpu) *cpu += 1;

	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP)) return XDP_PASS;
	struct iphdr *ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > end) return XDP_PASS;

	__u32 proto = ip->protocol;
	struct proto_stats *stats = bpf_map_lookup_elem(&proto_stats, &proto);
	if (stats) {
		__sync_fetch_and_add(&stats->packets, 1);
		__sync_fetch_and_add(&stats->bytes, end - data);
	} else {
		struct proto_stats first = {1, end - data};
		bpf_map_update_elem(&proto_stats, &proto, &first, BPF_NOEXIST);
	}

	if (proto != IPPROTO_UDP || ip->ihl != 5) return XDP_PASS;
	struct udphdr *udp = (void *)(ip + 1);
	if ((void *)(udp + 1) > end) return XDP_PASS;
	__u32 port = bpf_ntohs(udp->dest);
	__u64 *count = bpf_map_lookup_elem(&port_packets, &port);
	if (count) __sync_fetch_and_add(count, 1);
	else bpf_map_update_elem(&port_packets, &port, &one, BPF_NOEXIST);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
