// The bottom line: the keys of the view shown (generated from the keymap and the view's hints),
// or the filter being typed.
import {Text} from 'ink';
import {memo} from 'react';
import {hintText, type Binding, type Hint} from '../ui/keymap.js';
import {useGlyphs} from '../ui/glyph-context.js';
import {fit} from '../present/column.js';

type Props = {
	readonly bindings: readonly Binding[];
	/** What the keys do here, in order. */
	readonly hints: readonly Hint[];
	readonly filter: string;
	readonly filtering: boolean;
	readonly width: number;
};

function FooterLine({bindings, hints, filter, filtering, width}: Props) {
	const glyphs = useGlyphs();
	if (filtering) return <Text>{fit(`filter: ${filter}${glyphs.cursor}  (Enter keep, Esc clear)`, width)}</Text>;
	const prefix = filter ? `[filter: ${filter}]  ` : '';
	return <Text dimColor>{fit(prefix + hintText(bindings, hints), width)}</Text>;
}

/** The hints are made anew on every render: equal when they say the same. */
function sameProps(a: Props, b: Props): boolean {
	return (
		a.bindings === b.bindings &&
		a.filter === b.filter &&
		a.filtering === b.filtering &&
		a.width === b.width &&
		a.hints.length === b.hints.length &&
		a.hints.every((hint, index) => hint.action === b.hints[index]!.action && hint.text === b.hints[index]!.text)
	);
}

export const Footer = memo(FooterLine, sameProps);
