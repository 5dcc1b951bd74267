// Replay: the model at a position follows from the model at the position before it, as it did live.
// Playing forward advances one refresh at a time; stepping back takes a model kept from earlier; a
// jump rebuilds the few refreshes before its target, so rates and sparklines are there at once.
import type {Timeline} from '../backends/backend.js';
import type {RefreshRequest} from '../collect/request.js';
import type {Model} from '../model/model.js';

/** Models kept for stepping back (each shares its histories with its neighbours). */
const keep = 120;
/** Refreshes rebuilt before the target of a jump: enough history for a sparkline to mean something. */
const rebuildDepth = 30;

export type TimelineModels = {
	/** The model at the timeline's position for this request; undefined when it is the one shown already. */
	modelAt(request: RefreshRequest, signal?: AbortSignal): Promise<Model | undefined>;
};

export function createTimelineModels(
	timeline: Timeline,
	refresh: (previous: Model | undefined, signal?: AbortSignal) => Promise<Model>,
): TimelineModels {
	// Models for the current request, by position; and the last made at each position for any request,
	// which a new request starts from (a map opened: its values start there, the rest goes on).
	const models = new Map<number, Model>();
	const anyRequest = new Map<number, Model>();
	let requestKey = '';
	let shown: number | undefined;

	function remember(position: number, model: Model) {
		for (const table of [models, anyRequest]) {
			table.delete(position);
			table.set(position, model);
			if (table.size > keep) table.delete(table.keys().next().value!);
		}
	}

	async function at(position: number, signal?: AbortSignal): Promise<Model> {
		const kept = models.get(position);
		if (kept) return kept;
		let previous: Model | undefined;
		let from = Math.max(0, position - rebuildDepth);
		// Start from the nearest kept model before the target, if it is within reach.
		for (let candidate = position - 1; candidate >= from; candidate--) {
			const found = models.get(candidate) ?? (candidate === position - 1 ? anyRequest.get(candidate) : undefined);
			if (found) {
				previous = found;
				from = candidate + 1;
				break;
			}
		}

		for (let step = from; step <= position; step++) {
			// Rates need two samples: a model is only made from the one before it.
			previous = await timeline.answering(step, async () => refresh(previous, signal));
			remember(step, previous);
		}

		return previous!;
	}

	return {
		async modelAt(request, signal) {
			const key = JSON.stringify(request);
			// Models made for another request lack what this one asks (a map's dump): not reused as
			// they are, but the one just before the position is where the new request starts from.
			if (key !== requestKey) {
				models.clear();
				requestKey = key;
				shown = undefined;
			}

			const position = timeline.position;
			if (position === shown) return undefined;
			const model = await at(position, signal);
			shown = position;
			return model;
		},
	};
}
