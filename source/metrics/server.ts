// --listen: /metrics over HTTP. Answers GET /metrics only (404 elsewhere, 405 for other methods), on
// 127.0.0.1 unless told otherwise. A scrape formats the latest model and writes it; the refresh loop
// never waits on a scrape, and a client that stalls is cut off by the timeouts below.
import {createServer, type Server} from 'node:http';
import type {Model} from '../model/model.js';
import type {Monitor} from '../monitor/monitor.js';
import type {ListenAddress} from '../options.js';
import {createRegistry} from './registry.js';

export type MetricsServer = {
	/** Where it listens, e.g. http://127.0.0.1:9464/metrics (the real port when 0 was asked). */
	readonly url: string;
	close(): Promise<void>;
};

/** `withHost`: every series gets a `host` label (--host). */
export async function serveMetrics(monitor: Monitor, address: ListenAddress, {withHost}: {withHost: boolean}): Promise<MetricsServer> {
	const registry = createRegistry({
		model: () => monitor.model,
		context: () => ({statsOn: monitor.backend.stats.on, withHost}),
	});
	// Formatting 1,000 programs' series takes prom-client ~20 ms: done once per refresh, however many
	// scrape (a pair of Prometheus servers, a curl beside them).
	let last: {model: Model; text: string} | undefined;
	const render = async (): Promise<string> => {
		const {model} = monitor;
		if (model && last?.model === model) return last.text;
		const text = await registry.metrics();
		if (model) last = {model, text};
		return text;
	};

	const server = createServer((request, response) => {
		const path = (request.url ?? '').split('?')[0];
		if (path !== '/metrics') {
			response.writeHead(404, {'content-type': 'text/plain; charset=utf-8'}).end('Not found: bpftop-ts serves /metrics\n');
			return;
		}

		if (request.method !== 'GET') {
			response.writeHead(405, {allow: 'GET', 'content-type': 'text/plain; charset=utf-8'}).end('Only GET\n');
			return;
		}

		render().then(
			text => response.writeHead(200, {'content-type': registry.contentType}).end(text),
			(error: unknown) => response.writeHead(500, {'content-type': 'text/plain; charset=utf-8'}).end(`${String(error)}\n`),
		);
	});
	// A client that sends nothing, or stops reading, holds a socket at most this long.
	server.headersTimeout = 5000;
	server.requestTimeout = 10_000;
	server.keepAliveTimeout = 5000;
	server.setTimeout(10_000, socket => socket.destroy());
	server.maxConnections = 64;
	await listen(server, address);
	const bound = server.address();
	const port = typeof bound === 'object' && bound ? bound.port : address.port;
	const host = address.host.includes(':') ? `[${address.host}]` : address.host;
	return {
		url: `http://${host}:${port}/metrics`,
		async close() {
			server.closeAllConnections();
			await new Promise<void>(resolve => server.close(() => resolve()));
		},
	};
}

async function listen(server: Server, {host, port}: ListenAddress): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const onError = (error: NodeJS.ErrnoException) => {
			const why = error.code === 'EADDRINUSE' ? 'the address is in use' : error.code === 'EADDRNOTAVAIL' ? 'no such address here' : error.code === 'EACCES' ? 'permission denied' : error.message;
			reject(new Error(`--listen ${host.includes(':') ? `[${host}]` : host}:${port}: ${why}`));
		};

		server.once('error', onError);
		server.listen(port, host, () => {
			server.removeListener('error', onError);
			resolve();
		});
	});
}
