// Several machines in one model (--host): the merged model keeps each host's own model and state,
// and every row carries its host. Program and map ids repeat across hosts, so a row's key holds the
// host too, and the detail views read the chosen host's own model. Pure.
import type {Model} from './model.js';

/** connecting: no answer yet; up: the last refresh worked; down: the last one failed (retried with back-off). */
export type HostState = 'connecting' | 'up' | 'down';

export type HostEntry = {
	/** The host as given on the command line (`web1`, `ops@web2:2222`, `local`). */
	readonly host: string;
	readonly state: HostState;
	/** The last good model; kept while the host is down (last good data, marked by `state`). */
	readonly model?: Model;
	/** Why it is down (unreachable, refused the key, no bpftool, connection lost …). */
	readonly error?: string;
	/** Failed refreshes in a row. */
	readonly failures: number;
	/** What answers there: "bpftool v7.1.0", "emulator …". */
	readonly label: string;
	/** Whether run-time stats are on there, and how or why not. */
	readonly stats: {readonly on: boolean; readonly detail: string};
};

/** How many hosts the model holds (0 when it is one machine's own model). */
export function hostCount(model: Model | undefined): number {
	return model?.hosts?.length ?? 0;
}

/** The model of one host: from a merged model, that host's own; a single machine's model is its own. */
export function hostModel(model: Model | undefined, host: string | undefined): Model | undefined {
	if (!model?.hosts || host === undefined) return model;
	return model.hosts.find(entry => entry.host === host)?.model;
}

// A host as given never holds "/" or "|" (checked where it is parsed), and no row key starts with
// text before a "/" that has no "|": "web1/12" is host web1's program 12, "12|link|…" is local.
const hostKeyPattern = /^([^/|]+)\/(.*)$/s;

/** A row's key with its host in front, so that the same id on two hosts are two rows. */
export function hostKey(host: string | undefined, key: string): string {
	return host === undefined ? key : `${host}/${key}`;
}

/** The host and the host's own key of a row key made by hostKey. */
export function splitHostKey(key: string): {readonly host?: string; readonly key: string} {
	const match = hostKeyPattern.exec(key);
	return match ? {host: match[1]!, key: match[2]!} : {key};
}

/** Status lines for the hosts that are not up: "web2: down (refused the key) …". */
export function hostProblems(hosts: readonly HostEntry[]): string[] {
	return hosts.flatMap(entry => {
		if (entry.state === 'down') return [`${entry.host}: ${entry.error ?? 'down'} (retrying)`];
		if (entry.state === 'connecting') return [`${entry.host}: connecting…`];
		return [];
	});
}
