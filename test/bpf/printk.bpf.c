// Prints one line per packet it sees (XDP), for the trace view's real-kernel tests.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int seen = 0;

SEC("xdp")
int printk_xdp(struct xdp_md *ctx) {
    bpf_printk("bpftop-printk packet %d", seen);
    seen++;
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
