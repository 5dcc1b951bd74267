// Gives the App the monitor core's latest model: subscribes while the component lives and passes on
// what the user chose (interval, pause, what the current view needs). The loop itself is the core's.
import {useEffect, useState} from 'react';
import type {Model} from '../model/model.js';
import type {Monitor, MonitorSettings} from '../monitor/monitor.js';
import type {MapReadProgress} from '../monitor/monitor.js';

export type MonitorState = {
	readonly model?: Model;
	/** The last refresh's failure; cleared by the next success. The model keeps the last good data. */
	readonly error?: string;
	/** How far a long map read under way has got; cleared by the model it ends in. */
	readonly mapProgress?: MapReadProgress;
};

/** A read reports between chunks (every few ms): drawn at most this often. */
const progressEveryMs = 100;

export function useMonitor(monitor: Monitor, settings: MonitorSettings): MonitorState {
	const [state, setState] = useState<MonitorState>({model: monitor.model, error: monitor.error});
	// Before the subscription below starts the loop, so its first refresh asks what this view needs.
	useEffect(() => {
		monitor.configure(settings);
	});
	useEffect(
		() =>
			monitor.subscribe(event => {
				if (event.type === 'model') setState({model: event.model});
				else setState(previous => ({...previous, error: event.error.message}));
			}),
		[monitor],
	);
	useEffect(() => {
		let shownAt = 0;
		return monitor.subscribeProgress(progress => {
			const now = performance.now();
			if (now - shownAt < progressEveryMs) return;
			shownAt = now;
			setState(previous => ({...previous, mapProgress: progress}));
		});
	}, [monitor]);
	return state;
}
