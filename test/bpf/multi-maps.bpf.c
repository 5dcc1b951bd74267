// Several BTF-defined maps in one object, spelled both ways (__type and __uint key_size/value_size),
// including types libbpf creates without BTF key/value types (prog_array, perf_event_array).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 128);
	__type(key, __u32);
	__type(value, __u64);
} by_pid SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u64));
} config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 8);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} jump_table SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(max_entries, 4);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} perf_events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH);
	__uint(max_entries, 64);
	__type(key, __u64);
	__type(value, __u32);
} a_map_with_a_long_name SEC(".maps");

SEC("kprobe/do_nanosleep")
int many_maps(void *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32, zero = 0, one = 1;
	__u64 now = bpf_ktime_get_ns(), *limit = bpf_map_lookup_elem(&config, &zero);
	__u64 id = pid;

	bpf_map_update_elem(&by_pid, &pid, &now, BPF_ANY);
	bpf_map_update_elem(&a_map_with_a_long_name, &id, &one, BPF_ANY);
	if (limit && now > *limit)
		bpf_perf_event_output(ctx, &perf_events, BPF_F_CURRENT_CPU, &pid, sizeof(pid));
	bpf_tail_call(ctx, &jump_table, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
