// Synthetic network traffic: Ethernet + IPv4 + TCP/UDP/ICMP frames from a small pool of flows,
// so per-protocol counters and connection trackers fill up the way they would on a server.
import type {Prng} from '../prng.js';

export const ETH_P_IP = 0x0800;
export const IPPROTO = {ICMP: 1, TCP: 6, UDP: 17} as const;

export type Packet = {readonly bytes: Uint8Array; readonly protocol: number};

const SERVER_IP = [10, 0, 2, 15];
const PORTS_TCP = [443, 443, 443, 80, 22, 5432, 8080];
const PORTS_UDP = [53, 123, 443, 5353];

export function makePacket(prng: Prng, egress = false): Packet {
	const roll = prng.float();
	const protocol = roll < 0.8 ? IPPROTO.TCP : roll < 0.97 ? IPPROTO.UDP : IPPROTO.ICMP;
	const l4 = protocol === IPPROTO.TCP ? 20 : 8;
	const payload = protocol === IPPROTO.TCP ? prng.pick([0, 0, 0, 64, 512, 1400]) : prng.int(16, 200);
	const total = 14 + 20 + l4 + payload;
	const bytes = new Uint8Array(total);
	const view = new DataView(bytes.buffer);
	// Ethernet: dst, src MACs and ethertype.
	bytes.set([0x52, 0x54, 0x00, 0x12, 0x34, 0x56], 0);
	bytes.set([0x52, 0x54, 0x00, 0xab, 0xcd, prng.int(1, 254)], 6);
	view.setUint16(12, ETH_P_IP);
	// IPv4 header.
	const peer = [prng.pick([93, 140, 151, 172, 192, 203]), prng.int(0, 255), prng.int(0, 3), prng.int(1, 40)];
	bytes[14] = 0x45;
	view.setUint16(16, total - 14);
	view.setUint16(18, prng.int(0, 0xffff));
	bytes[22] = 64;
	bytes[23] = protocol;
	bytes.set(egress ? SERVER_IP : peer, 26);
	bytes.set(egress ? peer : SERVER_IP, 30);
	// Ports (TCP/UDP) or ICMP type.
	const servicePort = protocol === IPPROTO.UDP ? prng.pick(PORTS_UDP) : prng.pick(PORTS_TCP);
	const clientPort = prng.int(32_768, 60_999);
	if (protocol === IPPROTO.ICMP) {
		bytes[34] = 8;
	} else {
		view.setUint16(34, egress ? servicePort : clientPort);
		view.setUint16(36, egress ? clientPort : servicePort);
		if (protocol === IPPROTO.TCP) {
			bytes[46] = 0x50;
			bytes[47] = prng.pick([0x10, 0x10, 0x18, 0x02]);
		}
	}

	return {bytes, protocol};
}
