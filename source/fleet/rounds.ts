// When the fleet shows a new merged model: once every host has answered since the last one (a
// round), or a round's time is up — a slow host keeps its last model rather than holding the
// others back. Hosts that are down do not hold a round; their retries back off on their own.
// Pure: the fleet monitor asks this after every answer and when a round's time runs out.
import type {HostEntry} from '../model/hosts.js';

export type RoundRule = {
	/** How long a round waits for slow hosts after its first answer (the refresh interval). */
	readonly deadlineMs: number;
	/**
	 * Batch output waits for hosts still connecting (their first answer, or their failure, comes within
	 * the connect timeout): a snapshot should hold every host. A screen shows what it has.
	 */
	readonly waitForConnecting: boolean;
};

/** Whether the round is over: `answered` holds the hosts heard from in it, `elapsedMs` runs from its first answer. */
export function roundDue(hosts: readonly HostEntry[], answered: ReadonlySet<string>, elapsedMs: number, rule: RoundRule): boolean {
	const pending = hosts.filter(entry => !answered.has(entry.host) && entry.state !== 'down');
	if (pending.length === 0) return true;
	if (elapsedMs < rule.deadlineMs) return false;
	return !rule.waitForConnecting || pending.every(entry => entry.state !== 'connecting');
}
