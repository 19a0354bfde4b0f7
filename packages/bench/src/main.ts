import { availableParallelism, cpus } from 'node:os';
import { parseBenchArgs, USAGE } from './args.js';
import { latencyDefaults, runLatencyScenario } from './scenarios/latency.js';
import { runStoreScenario, storeDefaults } from './scenarios/store.js';

/** `npm run bench -- [store|latency|all] [flags]`: runs the scenarios, ends with one JSON line. */
async function main(argv: readonly string[]): Promise<void> {
  const args = parseBenchArgs(argv);
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const report: Record<string, unknown> = {
    scenario: args.scenario,
    date: new Date().toISOString(),
    node: process.version,
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
  };
  if (args.scenario === 'store' || args.scenario === 'all') {
    const options = {
      messages: args.messages ?? storeDefaults.messages,
      concurrency: args.concurrency ?? storeDefaults.concurrency,
      users: args.users ?? storeDefaults.users,
      maxSeconds: args.maxSeconds ?? storeDefaults.maxSeconds,
      stores: args.stores ?? storeDefaults.stores,
    };
    report.store = { options, results: await runStoreScenario(options) };
  }
  if (args.scenario === 'latency' || args.scenario === 'all') {
    const options = {
      messages: args.messages ?? latencyDefaults.messages,
      rate: args.rate ?? latencyDefaults.rate,
      pairs: args.pairs ?? latencyDefaults.pairs,
    };
    report.latency = { options, results: await runLatencyScenario(options) };
  }
  console.log(JSON.stringify(report, (_key, value) => (typeof value === 'number' ? round(value) : value)));
}

/** Three decimals are plenty for every figure here, and keep the JSON line short. */
function round(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 1000) / 1000 : value;
}

try {
  await main(process.argv.slice(2));
  // Database pools and a PostgreSQL probe that never answered must not keep the process alive.
  process.exit(0);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
