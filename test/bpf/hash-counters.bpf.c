// A BTF-defined hash map of counters, keyed by CPU, in a tracepoint program.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("tp/syscalls/sys_enter_write")
int count_writes(void *ctx)
{
	__u32 cpu = bpf_get_smp_processor_id();
	__u64 one = 1, *count = bpf_map_lookup_elem(&counts, &cpu);

	if (count)
		__sync_fetch_and_add(count, 1);
	else
		bpf_map_update_elem(&counts, &cpu, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
