// A per-CPU array of packet statistics, in a socket filter.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct pkt_stats {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct pkt_stats);
} stats SEC(".maps");

SEC("socket")
int socket_stats(struct __sk_buff *skb)
{
	__u32 key = skb->protocol & 3;
	struct pkt_stats *s = bpf_map_lookup_elem(&stats, &key);

	if (s) {
		s->packets++;
		s->bytes += skb->len;
	}
	return skb->len;
}

char LICENSE[] SEC("license") = "GPL";
