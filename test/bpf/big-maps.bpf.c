// Big maps for the bench and the big-map tests: a hash that can hold a million entries and an array
// of a million, both u32 → u64 with BTF. `fill` puts the first N keys in the hash (N from .bss, set
// before the run), `bump` adds to a few thousand random keys of both, as a busy server's counters.
// Both are XDP programs only to be run with BPF_PROG_TEST_RUN (`bpftool prog run`), attached nowhere.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define BIG 1000000

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BIG);
	__type(key, __u32);
	__type(value, __u64);
} big_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, BIG);
	__type(key, __u32);
	__type(value, __u64);
} big_array SEC(".maps");

/* How many hash keys fill() inserts, and over how many keys bump() spreads. */
volatile __u32 used = 200000;
volatile __u32 bumps = 5000;

static long fill_one(__u32 index, void *ctx)
{
	__u32 key = index;
	__u64 value = index;

	bpf_map_update_elem(&big_hash, &key, &value, BPF_ANY);
	return 0;
}

SEC("xdp")
int fill(struct xdp_md *ctx)
{
	bpf_loop(used, fill_one, NULL, 0);
	return 0;
}

static long bump_one(__u32 index, void *ctx)
{
	__u32 key = bpf_get_prandom_u32() % used;
	__u64 *value = bpf_map_lookup_elem(&big_hash, &key);

	if (value)
		__sync_fetch_and_add(value, 1);
	value = bpf_map_lookup_elem(&big_array, &key);
	if (value)
		__sync_fetch_and_add(value, 1 + (key & 7));
	return 0;
}

SEC("xdp")
int bump(struct xdp_md *ctx)
{
	bpf_loop(bumps, bump_one, NULL, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
