// Runs a command while a few BPF programs are loaded and busy (XDP on lo in network namespaces of
// our own, with UDP traffic), so a monitor has changing figures to show. Everything is removed
// afterwards. Needs root. Usage: node --import tsx bench/with-busy-programs.ts -- command args…
import {spawnSync} from 'node:child_process';
import process from 'node:process';
import {attachXdpGeneric, compileBpf, createNetns, loadProgram, startLoopbackUdp, type Loaded, type Netns} from '../test/helpers/kernel.js';

const command = process.argv.slice(process.argv.indexOf('--') + 1);
const object = compileBpf('hello');
const programs: Loaded[] = [];
const namespaces: Netns[] = [];
const traffic: Array<{stop(): void}> = [];
let status = 1;
try {
	for (let index = 0; index < 8; index++) programs.push(loadProgram(object, `bench${index}`));
	for (const [index, rate] of [200, 50, 10].entries()) {
		const netns = createNetns(`bench${index}`);
		namespaces.push(netns);
		attachXdpGeneric(netns, programs[index]!.id);
		traffic.push(startLoopbackUdp(netns, rate));
	}

	status = spawnSync(command[0]!, command.slice(1), {stdio: 'inherit'}).status ?? 1;
} finally {
	for (const each of traffic) each.stop();
	for (const netns of namespaces) netns.remove();
	for (const program of programs) program.remove();
}

process.exit(status);
