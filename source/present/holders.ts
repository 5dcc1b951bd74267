// How the processes holding a program, map or link read in a PROCESS column: `comm[pid]`, and `+N`
// for the others (the detail lists them all). Process names come from the kernel: sanitised.
import {sanitize} from '../model/sanitize.js';
import stringWidth from '../terminal/string-width.js';

export type Holder = {readonly pid: number; readonly comm: string};

export function holderText({pid, comm}: Holder): string {
	return comm === '' ? `[${pid}]` : `${sanitize(comm)}[${pid}]`;
}

/** The first holder and how many more; '-' for none. */
export function holdersText(holders: readonly Holder[] | undefined): string {
	if (!holders || holders.length === 0) return '-';
	return holders.length === 1 ? holderText(holders[0]!) : `${holderText(holders[0]!)} +${holders.length - 1}`;
}

/** Every holder, for the detail and for filtering. */
export function allHoldersText(holders: readonly Holder[] | undefined): string {
	return (holders ?? []).map(holderText).join(', ');
}

/**
 * Every holder when they fit in `width` cells (a wide terminal), else the first and how many more;
 * narrower still, the process name is shortened, never the pid.
 */
export function holdersFitting(holders: readonly Holder[] | undefined, width: number): string {
	const all = allHoldersText(holders);
	if (all !== '' && stringWidth(all) <= width) return all;
	const first = holdersText(holders);
	const over = stringWidth(first) - width;
	if (over <= 0 || !holders?.[0]) return first;
	const comm = [...sanitize(holders[0].comm)];
	const kept = comm.slice(0, Math.max(0, comm.length - over - 1)).join('');
	return kept === '' ? first : first.replace(sanitize(holders[0].comm), `${kept}…`);
}
