// Synthetic network traffic: Ethernet + IPv4 + TCP/UDP/ICMP frames from a fixed pool of flows with
// a few heavy hitters, so per-protocol counters and connection trackers fill up the way they would
// on a server (and an LRU map sees both hits and evictions).
import {Prng} from '../prng.js';

export const ETH_P_IP = 0x0800;
export const IPPROTO = {ICMP: 1, TCP: 6, UDP: 17} as const;
export const MAX_FRAME = 1514;

type Flow = {readonly peer: readonly number[]; readonly protocol: number; readonly clientPort: number; readonly servicePort: number};

const SERVER_IP = [10, 0, 2, 15];
const PORTS_TCP = [443, 443, 443, 80, 22, 5432, 8080];
const PORTS_UDP = [53, 123, 443, 5353];

/** The same flows for every seed: the traffic's shape is part of the scenario, its timing is not. */
const FLOWS: readonly Flow[] = (() => {
	const prng = new Prng(0x5eed_f10e);
	const flows: Flow[] = [];
	for (let i = 0; i < 700; i++) {
		const roll = prng.float();
		const protocol = roll < 0.8 ? IPPROTO.TCP : roll < 0.97 ? IPPROTO.UDP : IPPROTO.ICMP;
		flows.push({
			peer: [prng.pick([93, 140, 151, 172, 192, 203]), prng.int(0, 255), prng.int(0, 3), prng.int(1, 254)],
			protocol,
			clientPort: prng.int(32_768, 60_999),
			servicePort: protocol === IPPROTO.UDP ? prng.pick(PORTS_UDP) : prng.pick(PORTS_TCP),
		});
	}

	return flows;
})();

/** Ethernet + IPv4 + L4 headers per flow and direction, built on first use; a packet copies one and fills in lengths. */
const INGRESS: Array<Uint8Array | undefined> = new Array<Uint8Array | undefined>(FLOWS.length).fill(undefined);
const EGRESS: Array<Uint8Array | undefined> = new Array<Uint8Array | undefined>(FLOWS.length).fill(undefined);

function headers(index: number, egress: boolean): Uint8Array {
	const cache = egress ? EGRESS : INGRESS;
	return cache[index] ??= buildHeaders(FLOWS[index]!, egress);
}

function buildHeaders(flow: Flow, egress: boolean): Uint8Array {
	const {protocol} = flow;
	const bytes = new Uint8Array(14 + 20 + (protocol === IPPROTO.TCP ? 20 : 8));
	const view = new DataView(bytes.buffer);
	// Ethernet: dst, src MACs and ethertype.
	bytes.set([0x52, 0x54, 0x00, 0x12, 0x34, 0x56], 0);
	bytes.set([0x52, 0x54, 0x00, 0xab, 0xcd, 0x01], 6);
	view.setUint16(12, ETH_P_IP);
	// IPv4 header (length and id are filled in per packet).
	bytes[14] = 0x45;
	bytes[22] = 64;
	bytes[23] = protocol;
	bytes.set(egress ? SERVER_IP : flow.peer, 26);
	bytes.set(egress ? flow.peer : SERVER_IP, 30);
	if (protocol === IPPROTO.ICMP) {
		bytes[34] = 8;
	} else {
		view.setUint16(34, egress ? flow.servicePort : flow.clientPort);
		view.setUint16(36, egress ? flow.clientPort : flow.servicePort);
		if (protocol === IPPROTO.TCP) {
			bytes[46] = 0x50;
			bytes[47] = 0x18;
		}
	}

	return bytes;
}

const TCP_PAYLOADS = [0, 0, 0, 64, 512, 1400];

/** Writes a frame into `bytes` (at least MAX_FRAME long) and returns its length. */
export function makePacket(prng: Prng, bytes: Uint8Array, view: DataView, egress = false): number {
	// Squaring skews the choice towards the first flows: a few connections carry most packets.
	const u = prng.float();
	const index = Math.floor(u * u * FLOWS.length);
	const flow = FLOWS[index]!;
	const header = headers(index, egress);
	const payload = flow.protocol === IPPROTO.TCP ? TCP_PAYLOADS[prng.u32() % TCP_PAYLOADS.length]! : 16 + (prng.u32() % 185);
	const total = header.length + payload;
	bytes.set(header, 0);
	// The payload's bytes are left as the last packet had them: nothing reads them.
	view.setUint16(16, total - 14);
	view.setUint16(18, prng.u32() & 0xffff);
	return total;
}
