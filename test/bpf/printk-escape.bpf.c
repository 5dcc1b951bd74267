// Prints kernel text that carries terminal escape sequences through `%s`: the kernel refuses
// non-printable bytes in a bpf_printk format, but not in a string argument. The trace view must
// show them escaped, never obey them.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

// ESC[31m (colour), an OSC title change ending in BEL, a carriage return and a backspace.
char evil[] = "\x1b[31mred\x1b]0;pwned\x07\rcr\bbs";

SEC("xdp")
int printk_escape(struct xdp_md *ctx) {
    bpf_printk("bpftop-escape <%s>", evil);
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
