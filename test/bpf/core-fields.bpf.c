// CO-RE as people write it: vmlinux.h (dumped from this machine's BTF at test time), BPF_CORE_READ,
// direct reads of BTF pointers, field/type/enum relocations, kconfig externs, a struct flavor that
// does not exist on new kernels (its read is poisoned, and dead), and two programs whose names
// share their first 15 characters.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

extern int LINUX_KERNEL_VERSION __kconfig;
extern int CONFIG_HZ __kconfig __weak;
extern bool CONFIG_BPF_SYSCALL __kconfig __weak;

/* Kernels before 5.14 called it `state`: this flavor matches only those. */
struct task_struct___old {
	long state;
} __attribute__((preserve_access_index));

const volatile u32 target_tgid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);
	__type(key, u32);
	__type(value, u64);
} facts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, u32);
	__type(value, u64);
} switches SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(u32));
	__uint(value_size, sizeof(u32));
} events SEC(".maps");

static __always_inline void set(u32 key, u64 value)
{
	bpf_map_update_elem(&facts, &key, &value, BPF_ANY);
}

static __always_inline long old_state(struct task_struct *task)
{
	struct task_struct___old *old = (void *)task;

	if (bpf_core_field_exists(old->state))
		return BPF_CORE_READ(old, state);
	return BPF_CORE_READ(task, __state);
}

SEC("tp_btf/sched_switch")
int BPF_PROG(core_fields_switch_in, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	u32 pid = next->pid;
	u64 one = 1, *count;

	if (target_tgid && next->tgid != target_tgid)
		return 0;
	count = bpf_map_lookup_elem(&switches, &pid);
	if (count)
		__sync_fetch_and_add(count, 1);
	else
		bpf_map_update_elem(&switches, &pid, &one, BPF_ANY);

	set(0, bpf_core_field_exists(prev->__state));
	set(1, bpf_core_field_size(prev->comm));
	set(2, bpf_core_field_offset(struct task_struct, pid));
	set(3, bpf_core_type_exists(struct task_struct));
	set(4, bpf_core_type_size(struct task_struct));
	set(5, bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_ktime_get_ns));
	set(6, bpf_core_enum_value(enum bpf_func_id, BPF_FUNC_ktime_get_ns));
	set(7, BPF_CORE_READ_BITFIELD(next, sched_reset_on_fork));
	set(8, LINUX_KERNEL_VERSION);
	set(9, CONFIG_HZ);
	set(10, CONFIG_BPF_SYSCALL);
	set(11, bpf_core_type_id_kernel(struct task_struct));
	set(12, old_state(prev));
	set(13, BPF_CORE_READ(next, real_parent, tgid));
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(core_fields_switch_out, bool preempt, struct task_struct *prev)
{
	u32 pid = prev->pid;

	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &pid, sizeof(pid));
	return 0;
}

SEC("kprobe/do_sys_openat2")
int BPF_KPROBE(core_fields_open, int dfd, const char *filename)
{
	struct task_struct *task = (void *)bpf_get_current_task();
	u64 start = BPF_CORE_READ(task, start_time);

	set(14, start != 0);
	return 0;
}
