// An LRU hash remembering the last file-open time of each thread, in a kprobe.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 512);
	__type(key, __u64);
	__type(value, __u64);
} recent_opens SEC(".maps");

SEC("kprobe/do_sys_openat2")
int remember_open(void *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u64 now = bpf_ktime_get_ns();

	bpf_map_update_elem(&recent_opens, &id, &now, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
