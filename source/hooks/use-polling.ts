// Gives the App the latest model: runs the one polling loop for as long as the component lives.
import {useEffect, useRef, useState} from 'react';
import type {Backend} from '../backends/backend.js';
import type {Clock} from '../clock/clock.js';
import {collect} from '../collect/collect.js';
import {awaitsMapList, planMapDump} from '../collect/map-dump.js';
import type {RefreshRequest} from '../collect/request.js';
import type {Snapshot} from '../collect/snapshot.js';
import {advanceModel, type Model} from '../model/model.js';
import {startPoller, type Poller} from '../poll/poller.js';

export type Polling = {
	readonly model?: Model;
	/** The last refresh's failure; cleared by the next success. The model keeps the last good data. */
	readonly error?: string;
	refreshNow(): void;
};

type Options = {
	readonly backend: Backend;
	readonly clock: Clock;
	readonly intervalMs: number;
	readonly paused: boolean;
	readonly request: RefreshRequest;
};

export function usePolling({backend, clock, intervalMs, paused, request}: Options): Polling {
	const [state, setState] = useState<{model?: Model; error?: string}>({});
	const settings = useRef({intervalMs, paused, request});
	settings.current = {intervalMs, paused, request};
	const poller = useRef<Poller | undefined>(undefined);
	// The last map list sizes the next map dump (bpftool cannot stop a dump part way). Kept here, not
	// read from state, so the very next tick sees it even before React renders.
	const lastMaps = useRef<Snapshot['maps'] | undefined>(undefined);

	useEffect(() => {
		poller.current = startPoller<Snapshot | undefined>({
			clock,
			intervalMs: () => settings.current.intervalMs,
			tick: async signal => (settings.current.paused ? undefined : collect(backend, planMapDump(settings.current.request, lastMaps.current), clock, signal)),
			onResult(result) {
				if (!result.ok) {
					setState(previous => ({...previous, error: result.error.message}));
					return;
				}

				const snapshot = result.value;
				if (snapshot) lastMaps.current = snapshot.maps;
				if (snapshot) setState(previous => ({model: advanceModel(previous.model, snapshot)}));
				if (snapshot && awaitsMapList(snapshot)) poller.current?.refreshNow();
			},
		});
		return () => {
			void poller.current?.stop();
		};
	}, [backend, clock]);

	// A new request (a map opened, a view switched) should not wait a whole interval.
	const requestKey = JSON.stringify(request);
	const firstRequest = useRef(requestKey);
	useEffect(() => {
		if (requestKey !== firstRequest.current) poller.current?.refreshNow();
	}, [requestKey]);

	return {...state, refreshNow: () => poller.current?.refreshNow()};
}
