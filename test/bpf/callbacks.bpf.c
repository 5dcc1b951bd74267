// A bpf_loop callback (an ld_imm64 that loads a function's address), a global subprogram, and a
// program name longer than the 15 characters the kernel keeps.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct loop_ctx {
	__u64 sum;
};

static int add_index(__u32 index, void *data)
{
	struct loop_ctx *c = data;

	c->sum += index;
	return 0;
}

/* Global (non-static) subprograms are verified on their own, with their BTF signature. */
__attribute__((noinline)) int global_double(int x)
{
	return x * 2;
}

__u64 total = 0;

SEC("tp/syscalls/sys_enter_getpid")
int sum_indices_with_bpf_loop(void *ctx)
{
	struct loop_ctx c = {};

	bpf_loop(10, add_index, &c, 0);
	total += c.sum + global_double((int)c.sum);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
