// A replay's position, speed and play state for the header, re-rendered when they change (a speed
// change brings no new model, so the model alone would not show it).
import {useEffect, useReducer} from 'react';
import type {Timeline} from '../backends/backend.js';

export type TimelineState = {
	readonly position: number;
	readonly length: number;
	readonly playing: boolean;
	readonly speed: number;
	/** The recorded wall-clock time at the position. */
	readonly wallMs: number;
	readonly damage?: string;
};

export function useTimeline(timeline: Timeline | undefined): TimelineState | undefined {
	const [, update] = useReducer((count: number) => count + 1, 0);
	useEffect(() => timeline?.subscribe(update), [timeline]);
	if (!timeline) return undefined;
	return {
		position: timeline.position,
		length: timeline.length,
		playing: timeline.playing,
		speed: timeline.speed,
		wallMs: timeline.wallMsAt(timeline.position),
		...(timeline.damage ? {damage: timeline.damage} : {}),
	};
}
