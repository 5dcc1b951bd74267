// Global data in every section libbpf turns into a map: .bss, .data, .rodata, and a string literal
// that clang puts in .rodata.str1.1 (a map named after the section, with no object-name prefix).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int packets = 0;                            /* .bss */
__u64 bytes_seen = 0;                       /* .bss */
int threshold = 42;                         /* .data */
static char tag[8] = "static";              /* .data, static linkage */
const volatile __u32 verbose = 1;           /* .rodata */
const volatile char greeting[6] = "howdy";  /* .rodata */

SEC("xdp")
int count_packets(struct xdp_md *ctx)
{
	packets++;
	bytes_seen += ctx->data_end - ctx->data;
	if (verbose && packets > threshold)
		bpf_printk("%s: %s", tag, "over threshold");
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
