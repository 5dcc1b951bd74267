// Every view the App can show. The view keys in the footer and the help come from this list.
import {buildKeymap} from '../ui/keymap.js';
import type {ViewName} from '../ui/ui-state.js';
import {attachmentsView} from './attachments/attachments-view.js';
import {programDetailView} from './program-detail/program-detail-view.js';
import {mapValuesView} from './map-values/map-values-view.js';
import {mapsView} from './maps/maps-view.js';
import {programsView} from './programs/programs-view.js';
import {traceView} from './trace/trace-view.js';
import type {ViewDefinition} from './view.js';

export const views: readonly ViewDefinition[] = [programsView, mapsView, attachmentsView, traceView, programDetailView, mapValuesView];

export const keymap = buildKeymap(views);

/** With a replay's keys (a backend with a timeline). */
export const timelineKeymap = buildKeymap(views, {timeline: true});

export function viewByName(name: ViewName): ViewDefinition {
	return views.find(view => view.name === name) ?? programsView;
}
