import assert from 'node:assert/strict';
import {test} from 'node:test';
import {castToSvg, parseCast} from '../../scripts/media/cast-to-svg.js';

test('a cast becomes an animated SVG with one frame per distinct screen', async () => {
	const cast = [
		JSON.stringify({version: 2, width: 20, height: 3, title: 'demo <1>'}),
		JSON.stringify([0, 'o', '\u001B[?1049h\u001B[Hhello']),
		JSON.stringify([0.02, 'o', ' world']),
		JSON.stringify([1, 'o', '\u001B[2H\u001B[1;32mgreen\u001B[m & <b>']),
		JSON.stringify([1.5, 'i', 'q']),
		JSON.stringify([2, 'o', '\u001B[3H\u001B[7minverse\u001B[m']),
	].join('\n');
	const {header, events} = parseCast(cast);
	const svg = await castToSvg(header, events);
	assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
	assert.match(svg, /<title>demo &lt;1&gt;<\/title>/);
	// Three screens: "hello world" (the 0 s state is replaced within 0.1 s), + green, + inverse.
	assert.equal(svg.match(/translateY/g)?.length, 4, 'three frames and the end');
	assert.match(svg, /hello world/);
	assert.match(svg, /font-weight="bold">green/);
	assert.match(svg, /&amp; &lt;b&gt;/);
	assert.match(svg, /<rect x="0.0" y="\d+" width="58.8" height="17" fill="#d0d0d0"\/>/, 'inverse draws a background');
	assert.doesNotMatch(svg, /\u001B/);
});
