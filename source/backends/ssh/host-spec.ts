// --host [USER@]HOST[:PORT] → what ssh is given. Checked strictly: the host and user become ssh
// arguments, and one that began with "-" would be read as an option (-oProxyCommand=…).
export type HostSpec = {
	/** As given: the HOST column, the `host` field and label of the output. */
	readonly label: string;
	readonly user?: string;
	/** A name, an alias from ~/.ssh/config, or an address (IPv6 without its brackets). */
	readonly host: string;
	readonly port?: number;
};

/** The local machine, mixed in with --host local. */
export const localHost = 'local';

const user = '[A-Za-z0-9_][A-Za-z0-9._-]*';
const name = '[A-Za-z0-9_][A-Za-z0-9._-]*';
const ipv6 = '\\[[0-9A-Fa-f:.]+(?:%[A-Za-z0-9_.-]+)?\\]';
const specPattern = new RegExp(`^(?:(${user})@)?(${name}|${ipv6})(?::(\\d{1,5}))?$`);

export function parseHostSpec(text: string): {ok: true; spec: HostSpec} | {ok: false; error: string} {
	const match = specPattern.exec(text);
	const problem = `--host must look like HOST, USER@HOST or USER@HOST:PORT (got "${text.replace(/[^\x20-\x7e]/g, '?')}")`;
	if (!match) return {ok: false, error: problem};
	const [, userPart, hostPart, portPart] = match;
	const port = portPart === undefined ? undefined : Number(portPart);
	if (port !== undefined && (port < 1 || port > 65_535)) return {ok: false, error: `--host ${text}: the port must be 1-65535`};
	return {
		ok: true,
		spec: {
			label: text,
			...(userPart === undefined ? {} : {user: userPart}),
			host: hostPart!.startsWith('[') ? hostPart!.slice(1, -1) : hostPart!,
			...(port === undefined ? {} : {port}),
		},
	};
}
