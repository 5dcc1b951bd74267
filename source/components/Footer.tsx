// The bottom line: key hints generated from the keymap, or the filter being typed.
import {Text} from 'ink';
import type {Binding} from '../ui/keymap.js';
import {useGlyphs} from '../ui/glyph-context.js';
import {fit} from '../present/column.js';

type Props = {
	readonly bindings: readonly Binding[];
	readonly filter: string;
	readonly filtering: boolean;
	readonly width: number;
};

export function footerHints(bindings: readonly Binding[]): string {
	return bindings
		.filter(binding => binding.hint)
		.map(binding => `${binding.label} ${binding.hint}`)
		.join('  ');
}

export function Footer({bindings, filter, filtering, width}: Props) {
	const glyphs = useGlyphs();
	if (filtering) return <Text>{fit(`filter: ${filter}${glyphs.cursor}  (Enter keep, Esc clear)`, width)}</Text>;
	const prefix = filter ? `[filter: ${filter}]  ` : '';
	return <Text dimColor>{fit(prefix + footerHints(bindings), width)}</Text>;
}
