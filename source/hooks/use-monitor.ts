// Gives the App the monitor core's latest model: subscribes while the component lives and passes on
// what the user chose (interval, pause, what the current view needs). The loop itself is the core's.
import {useEffect, useState} from 'react';
import type {Model} from '../model/model.js';
import type {Monitor, MonitorSettings} from '../monitor/monitor.js';

export type MonitorState = {
	readonly model?: Model;
	/** The last refresh's failure; cleared by the next success. The model keeps the last good data. */
	readonly error?: string;
};

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
	return state;
}
