// The processes of the simulated machine: who is "current" when a program runs.
import type {Prng} from '../prng.js';

/** `uid`: who runs it (default 1000); daemons run as root, nginx workers as www-data (33), postgres as its own user. */
export type Task = {readonly comm: string; readonly pid: number; readonly tgid: number; readonly uid?: number};

/** A believable server's processes, with weights for how often each is on a CPU. */
const SERVER_TASKS: ReadonlyArray<readonly [Task, number]> = [
	[{comm: 'nginx', pid: 1843, tgid: 1843, uid: 0}, 20],
	[{comm: 'nginx', pid: 1844, tgid: 1843, uid: 33}, 14],
	[{comm: 'postgres', pid: 1502, tgid: 1502, uid: 999}, 12],
	[{comm: 'python3', pid: 3383, tgid: 3383}, 10],
	[{comm: 'node', pid: 2211, tgid: 2211}, 10],
	[{comm: 'node', pid: 2214, tgid: 2211}, 6],
	[{comm: 'sshd', pid: 812, tgid: 812, uid: 0}, 4],
	[{comm: 'systemd', pid: 1, tgid: 1, uid: 0}, 3],
	[{comm: 'systemd-journal', pid: 402, tgid: 402, uid: 0}, 4],
	[{comm: 'containerd', pid: 977, tgid: 977, uid: 0}, 6],
	[{comm: 'bash', pid: 4120, tgid: 4120}, 3],
	[{comm: 'cron', pid: 701, tgid: 701, uid: 0}, 1],
	[{comm: 'curl', pid: 5127, tgid: 5127}, 2],
];

const IDLE: Task = {comm: '<idle>', pid: 0, tgid: 0, uid: 0};
const totalWeight = SERVER_TASKS.reduce((sum, [, w]) => sum + w, 0);

/** A task for a syscall or tracing event (always a real process). */
export function pickTask(prng: Prng): Task {
	let ticket = prng.float() * totalWeight;
	for (const [task, weight] of SERVER_TASKS) {
		ticket -= weight;
		if (ticket < 0) return task;
	}

	return SERVER_TASKS[0]![0];
}

/** A task for a network event in softirq: often the idle task, else whoever was running. */
export function pickSoftirqTask(prng: Prng): Task {
	return prng.float() < 0.35 ? IDLE : pickTask(prng);
}

/** The task's user id (the idle task and daemons are root). */
export function uidOf(task: Task): number {
	return task.uid ?? (task.pid === 0 ? 0 : 1000);
}
