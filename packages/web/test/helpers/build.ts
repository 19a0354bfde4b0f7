import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const webRoot = fileURLToPath(new URL('../..', import.meta.url));
export const distDir = join(webRoot, 'dist');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds the app unless dist/ is newer than every source. Test files run in parallel
 * processes: a lock directory makes one of them build while the others wait.
 */
export async function ensureBuilt(): Promise<string> {
  const lock = join(webRoot, '.build-lock');
  const stale = () => {
    const index = join(distDir, 'index.html');
    if (!existsSync(index)) return true;
    const built = statSync(index).mtimeMs;
    const sources = [
      join(webRoot, 'src'),
      join(webRoot, 'public'),
      join(webRoot, '../client/src'),
      join(webRoot, '../protocol/src'),
    ];
    return (
      sources.some((dir) => newestMtime(dir) > built) || statSync(join(webRoot, 'index.html')).mtimeMs > built
    );
  };
  for (let waited = 0; ; waited += 200) {
    if (!stale()) return distDir;
    try {
      mkdirSync(lock);
    } catch {
      if (waited > 120_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
      continue;
    }
    try {
      if (stale()) {
        execFileSync(process.execPath, [join(webRoot, '../../node_modules/vite/bin/vite.js'), 'build'], {
          cwd: webRoot,
          stdio: 'pipe',
        });
      }
      return distDir;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}
