// Gives the App the latest model: runs the one polling loop for as long as the component lives.
import {useEffect, useRef, useState} from 'react';
import type {Backend} from '../backends/backend.js';
import type {Clock} from '../clock/clock.js';
import {collect} from '../collect/collect.js';
import {awaitsMapList, planMapDump} from '../collect/map-dump.js';
import type {RefreshRequest} from '../collect/request.js';
import {advanceModel, type Model} from '../model/model.js';
import {startPoller, type Poller} from '../poll/poller.js';
import type {Snapshot} from '../snapshot/snapshot.js';

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
	// The last map list sizes the next map dump (bpftool cannot stop a dump part way).
	// Kept in onResult, not at render: the next refresh must not depend on a render having happened.
	const latest = useRef<Model | undefined>(undefined);

	useEffect(() => {
		poller.current = startPoller<Snapshot | undefined>({
			clock,
			intervalMs: () => settings.current.intervalMs,
			tick: async signal => (settings.current.paused ? undefined : collect(backend, planMapDump(settings.current.request, latest.current?.snapshot.maps), clock, signal)),
			onResult(result) {
				if (!result.ok) {
					setState(previous => ({...previous, error: result.error.message}));
					return;
				}

				const snapshot = result.value;
				if (snapshot) {
					latest.current = advanceModel(latest.current, snapshot);
					const model = latest.current;
					setState({model});
				}

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
