import { parseArgs } from 'node:util';

/** The scenarios `npm run bench -- <scenario>` knows. */
export const SCENARIOS = ['store', 'latency', 'all'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];
export type StoreName = 'sqlite' | 'postgres';

/** Command-line options; `undefined` means the scenario's own default. */
export interface BenchArgs {
  scenario: ScenarioName;
  messages: number | undefined;
  concurrency: number[] | undefined;
  users: number | undefined;
  maxSeconds: number | undefined;
  stores: StoreName[] | undefined;
  rate: number | undefined;
  pairs: number | undefined;
  help: boolean;
}

export const USAGE = `Usage: npm run bench -- [store|latency|all] [flags]

  store     durable messages/s through domain.messages.send, SQLite and PostgreSQL, by concurrency
  latency   send-to-receive latency over loopback WebSockets, in-process server on SQLite
  all       both (the default)

Flags (defaults in brackets):
  --messages N        messages per concurrency level [store 20000] / in total [latency 10000]
  --concurrency LIST  store: sends in flight, comma-separated [1,16,256]
  --users N           store: users, paired into private chats [64]
  --max-seconds S     store: time cap per concurrency level; fewer messages are sent when hit [10]
  --stores LIST       store: sqlite,postgres [both; PostgreSQL skipped when unreachable unless CI=true]
  --rate R            latency: total messages per second over all senders [1000]
  --pairs K           latency: sender/receiver pairs, each its own private chat [50]

Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), CI.
The last line printed is a JSON object with every figure.`;

/** Parses `argv` (without node and the script); throws with a message on a bad flag. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      messages: { type: 'string' },
      concurrency: { type: 'string' },
      users: { type: 'string' },
      'max-seconds': { type: 'string' },
      stores: { type: 'string' },
      rate: { type: 'string' },
      pairs: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (positionals.length > 1) throw new Error(`one scenario at a time, not ${positionals.join(' ')}`);
  const scenario = positionals[0] ?? 'all';
  if (!(SCENARIOS as readonly string[]).includes(scenario)) {
    throw new Error(`unknown scenario "${scenario}": use ${SCENARIOS.join(', ')}`);
  }
  const stores = values.stores?.split(',').map((store): StoreName => {
    const name = store.trim();
    if (name !== 'sqlite' && name !== 'postgres') throw new Error(`--stores: unknown store "${name}"`);
    return name;
  });
  return {
    scenario: scenario as ScenarioName,
    messages: positiveInt('messages', values.messages),
    concurrency: values.concurrency?.split(',').map((c) => positiveInt('concurrency', c) as number),
    users: positiveInt('users', values.users),
    maxSeconds: positiveNumber('max-seconds', values['max-seconds']),
    stores,
    rate: positiveNumber('rate', values.rate),
    pairs: positiveInt('pairs', values.pairs),
    help: values.help ?? false,
  };
}

function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new Error(`--${flag} must be a positive integer, not "${value}"`);
  return n;
}

function positiveNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${flag} must be a positive number, not "${value}"`);
  return n;
}
