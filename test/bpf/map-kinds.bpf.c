// Maps of every common kind, with BTF, for comparing reads through bpf(2) with bpftool's dump
// (test/kernel/map-read.test.ts): a hash, an array of structs with bitfields, an enum, a string, a
// typedef'd byte array, a union and a bool, per-CPU hashes and arrays, LRU hashes, and global data
// in .bss, .data and .rodata. The program only keeps them all referenced.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

enum state { STATE_IDLE = 0, STATE_BUSY = 1, STATE_GONE = -1 };
typedef unsigned char byte_t;

struct detail {
	__u64 count;
	__u32 low : 3, mid : 9, high : 20;
	__s16 delta;
	char name[10];
	byte_t raw[4];
	enum state state;
	union {
		__u32 as_u32;
		__u8 bytes[4];
	} either;
	_Bool on;
};

struct flow {
	__u32 addr;
	__u16 port;
	__u8 proto;
	__u8 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} kind_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, struct detail);
} kind_array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} kind_pc_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct detail);
} kind_pc_array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16);
	__type(key, struct flow);
	__type(value, __u64);
} kind_lru SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH);
	__uint(max_entries, 16);
	__type(key, __u64);
	__type(value, __s32);
} kind_lru_pc SEC(".maps");

__u64 counter;
int ticks = 5;
char greeting[8] = "hi";
const volatile __u32 limit = 42;
const volatile char label[6] = "label";

SEC("xdp")
int touch(struct xdp_md *ctx)
{
	__u32 zero = 0;
	__u64 wide = 0;
	struct flow flow = {};

	if (bpf_map_lookup_elem(&kind_hash, &zero) || bpf_map_lookup_elem(&kind_array, &zero) || bpf_map_lookup_elem(&kind_pc_hash, &zero) ||
	    bpf_map_lookup_elem(&kind_pc_array, &zero) || bpf_map_lookup_elem(&kind_lru, &flow) || bpf_map_lookup_elem(&kind_lru_pc, &wide))
		counter += ticks + limit + label[0] + greeting[0];
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
