// Two programs sharing subprograms: one subprogram calls another, and each program gets its own
// copy of the ones it uses, appended in first-call order.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static __attribute__((noinline)) int square(int x)
{
	return x * x;
}

static __attribute__((noinline)) int sum_of_squares(int a, int b)
{
	return square(a) + square(b);
}

static __attribute__((noinline)) int twice(int x)
{
	return x + x;
}

SEC("xdp")
int xdp_math(struct xdp_md *ctx)
{
	int n = ctx->ingress_ifindex;
	return sum_of_squares(n, twice(n)) > 1000 ? XDP_DROP : XDP_PASS;
}

SEC("tc")
int tc_math(struct __sk_buff *skb)
{
	return twice(skb->len) > 3000 ? 2 : 0;
}

char LICENSE[] SEC("license") = "GPL";
