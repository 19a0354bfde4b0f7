import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built web app at `/`. Its files under `assets/` carry content hashes in their names:
 * cached for a year as immutable; `index.html` is revalidated every time, so a new build reaches
 * people on their next visit. Precompressed `.br`/`.gz` files are served where the build made
 * them and the browser accepts them.
 */
export async function registerWebApp(
  http: FastifyInstance,
  dir: string,
  log: (line: string) => void,
): Promise<void> {
  if (!existsSync(join(dir, 'index.html'))) {
    log(`web app not found in ${dir}: build it with \`npm run build -w @peyk/web\``);
    http.get('/', async (_request, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The Peyk web app is not built yet: run `npm run build -w @peyk/web`.\n'),
    );
    return;
  }
  await http.register(fastifyStatic, {
    root: dir,
    preCompressed: true,
    index: ['index.html'],
    cacheControl: false,
    setHeaders(response, path) {
      response.setHeader(
        'cache-control',
        path.includes(`${join(dir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
}
