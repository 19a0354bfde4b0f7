import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/store.js';

/** GET /healthz: 200 with JSON while the node can serve. */
export function registerHealth(http: FastifyInstance, store: Store): void {
  const started = Date.now();
  http.get('/healthz', async () => ({
    status: 'ok',
    store: store.dialect,
    uptimeSeconds: Math.round((Date.now() - started) / 1000),
  }));
}
