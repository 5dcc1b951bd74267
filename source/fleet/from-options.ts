// --host → the backends of the hosts and how they are watched: one host is a monitor core like the
// local machine's (every row carrying its host); several are a fleet, one core per host.
import type {Backend} from '../backends/backend.js';
import {chooseBackend, type Chosen} from '../backends/choose-backend.js';
import {localHost, type HostSpec} from '../backends/ssh/host-spec.js';
import {realClock} from '../clock/clock.js';
import {batchRequest} from '../monitor/from-options.js';
import type {Monitor} from '../monitor/monitor.js';
import type {Options} from '../options.js';
import {createFleetMonitor} from './fleet-monitor.js';

export type HostsChosen = Chosen & {
	/** The one host watched: the caller makes its monitor, with this host on every row. */
	readonly host?: string;
	/** Several hosts: their monitor (its backend is `backend`). */
	readonly fleet?: Monitor;
};

type HostBackend = {readonly host: string; readonly backend: Backend; readonly connect?: () => Promise<void>};

export async function chooseHosts(options: Options, mode: {batch: boolean}): Promise<HostsChosen> {
	// Alone, the local machine is watched as without --host (its emulator on a virtual clock in batch mode).
	if (options.hosts.length === 1 && options.hosts[0]!.label === localHost) return {...(await chooseBackend(options, mode)), host: localHost};
	const hosts = await Promise.all(options.hosts.map(async spec => hostBackend(options, spec)));
	// A snapshot's rates span the interval: connect first, so that the first refresh is not the one slowed by it.
	if (mode.batch) await Promise.all(hosts.map(async host => host.connect?.()));
	if (hosts.length === 1) return {backend: hosts[0]!.backend, clock: realClock, host: hosts[0]!.host};
	const fleet = createFleetMonitor({
		hosts,
		clock: realClock,
		intervalMs: options.intervalMs,
		...(mode.batch ? {request: batchRequest(options), waitForConnecting: true} : {}),
		// A run of -n snapshots retries a host every interval; one that runs until stopped backs off (up to 30 s).
		...(mode.batch && options.iterations !== undefined ? {maxTicks: options.iterations + 1, maxBackoffMs: options.intervalMs} : {}),
	});
	return {backend: fleet.backend, clock: realClock, fleet};
}

async function hostBackend(options: Options, spec: HostSpec): Promise<HostBackend> {
	// In a fleet every host runs on real time, the local emulator too.
	if (spec.label === localHost) return {host: localHost, backend: (await chooseBackend(options, {batch: false})).backend};
	const {createSshBackend} = await import('../backends/ssh/ssh-backend.js');
	const backend = createSshBackend({spec, bpftool: options.bpftool, timeoutMs: options.timeoutMs, ...(options.sshConfig === undefined ? {} : {configFile: options.sshConfig})});
	return {host: spec.label, backend, connect: async () => backend.connect()};
}
