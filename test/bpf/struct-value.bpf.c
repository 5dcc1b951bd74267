// A hash map whose key and value are structs with several fields, a bitfield and an enum.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

enum verdict { VERDICT_PASS = 1, VERDICT_DROP = 2 };

struct flow_key {
	__u32 ifindex;
	__u16 protocol;
	__u8 direction;
	__u8 pad;
};

struct flow_stats {
	__u64 packets;
	__u64 bytes;
	__u32 last_len;
	__u32 kind : 4, level : 4;
	enum verdict verdict;
	char label[12];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, struct flow_key);
	__type(value, struct flow_stats);
} flows SEC(".maps");

SEC("cgroup_skb/egress")
int flow_egress(struct __sk_buff *skb)
{
	struct flow_key key = {.ifindex = skb->ifindex, .protocol = (__u16)skb->protocol, .direction = 1};
	struct flow_stats *s = bpf_map_lookup_elem(&flows, &key);

	if (s) {
		s->packets++;
		s->bytes += skb->len;
		s->last_len = skb->len;
	} else {
		struct flow_stats init = {.packets = 1, .bytes = skb->len, .last_len = skb->len, .kind = 3, .verdict = VERDICT_PASS};
		bpf_map_update_elem(&flows, &key, &init, BPF_ANY);
	}
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
