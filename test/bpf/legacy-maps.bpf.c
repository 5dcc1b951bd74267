// Pre-BTF map definitions in a 'maps' section (struct bpf_map_def). libbpf 1.x refuses these, but
// old tutorials still use them; the emulator's loader accepts them.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct bpf_map_def_legacy {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

struct bpf_map_def_legacy SEC("maps") legacy_counts = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 16,
};

struct bpf_map_def_legacy SEC("maps") legacy_seen = {
	.type = BPF_MAP_TYPE_HASH,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u32),
	.max_entries = 64,
	.map_flags = 1,
};

SEC("socket")
int legacy_prog(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 *count = bpf_map_lookup_elem(&legacy_counts, &key);

	if (count)
		(*count)++;
	bpf_map_update_elem(&legacy_seen, &key, &key, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
