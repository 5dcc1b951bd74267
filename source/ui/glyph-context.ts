import {createContext, useContext} from 'react';
import {unicodeGlyphs, type Glyphs} from './glyphs.js';

export const GlyphContext = createContext<Glyphs>(unicodeGlyphs);

export function useGlyphs(): Glyphs {
	return useContext(GlyphContext);
}
