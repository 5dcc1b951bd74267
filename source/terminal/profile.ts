// What this terminal gets: colour or not, Unicode or ASCII, the alternate screen or plain appended
// frames. Pure: decided once from the environment and the flags.
import type {StyleDepth} from './sgr.js';

export type TerminalProfile = {
	/** Colours may be used (no NO_COLOR, --no-color, FORCE_COLOR=0 or TERM=dumb). */
	readonly color: boolean;
	readonly depth: StyleDepth;
	readonly ascii: boolean;
	/** Switch to the alternate screen and address the cursor; a dumb terminal gets appended frames. */
	readonly fullScreen: boolean;
};

export type ProfileFlags = {readonly noColor?: boolean; readonly ascii?: boolean};

export function terminalProfile(env: NodeJS.ProcessEnv, flags: ProfileFlags): TerminalProfile {
	const dumb = env.TERM === 'dumb';
	// https://no-color.org: present and not empty. FORCE_COLOR=0 is chalk's way of saying the same.
	const noColor = flags.noColor === true || (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false';
	const color = !dumb && !noColor;
	return {
		color,
		depth: dumb ? 'none' : color ? 'full' : 'no-color',
		ascii: dumb || flags.ascii === true,
		fullScreen: !dumb,
	};
}
