import { join, resolve } from 'node:path';

/** Everything an operator can set, from the environment and `peyk start` flags. */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** "sqlite" (embedded, in dataDir) or a postgres:// URL. */
  store: string;
  logLevel: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, flags: Record<string, string> = {}): Config {
  const port = Number(flags.port ?? env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be 0-65535, not ${env.PORT}`);
  const store = flags.store ?? env.PEYK_STORE ?? 'sqlite';
  if (store !== 'sqlite' && !/^postgres(ql)?:\/\//.test(store)) {
    throw new Error(`PEYK_STORE must be "sqlite" or a postgres:// URL, not ${store}`);
  }
  return {
    host: flags.host ?? env.HOST ?? '0.0.0.0',
    port,
    dataDir: resolve(flags['data-dir'] ?? env.PEYK_DATA_DIR ?? './data'),
    store,
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}

export function sqlitePath(config: Config): string {
  return join(config.dataDir, 'peyk.db');
}
