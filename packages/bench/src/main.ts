import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBenchArgs, usage } from './args.js';
import { median } from './percentiles.js';
import type { ScenarioResult } from './scenario.js';
import { loadScenarios } from './scenarios/registry.js';
import { formatNumber, renderTable } from './table.js';

const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));

/** `npm run bench -- <scenario> [flags]`: runs it, prints its tables, writes its JSON. */
async function main(argv: readonly string[]): Promise<void> {
  const scenarios = await loadScenarios();
  const args = parseBenchArgs(argv, scenarios);
  const scenario = args.scenario;
  if (args.help || !scenario) {
    console.log(usage(scenarios, scenario));
    return;
  }
  if (scenario.pending) throw new Error(`${scenario.name} is pending: ${scenario.pending}`);
  const runs: ScenarioResult[] = [];
  for (let run = 1; run <= args.runs; run++) {
    if (args.runs > 1) console.log(`\n## ${scenario.name}: run ${run} of ${args.runs}`);
    const result = await scenario.run(args.options, { profileDir: args.profileDir });
    console.log(`\n${result.markdown}\n`);
    runs.push(result);
  }
  const medians = Object.fromEntries(
    Object.keys(runs[0]?.headline ?? {}).map((key) => [
      key,
      median(runs.map((r) => r.headline[key] ?? Number.NaN)),
    ]),
  );
  if (args.runs > 1) {
    console.log(
      `${scenario.name}: medians of ${args.runs} runs\n\n${renderTable(
        ['figure', 'median', ...runs.map((_, i) => `run ${i + 1}`)],
        Object.entries(medians).map(([key, value]) => [
          key,
          formatNumber(value, 2),
          ...runs.map((r) => formatNumber(r.headline[key] ?? Number.NaN, 2)),
        ]),
      )}\n`,
    );
  }
  const report = {
    scenario: scenario.name,
    date: new Date().toISOString(),
    machine: {
      node: process.version,
      cores: availableParallelism(),
      cpu: cpus()[0]?.model ?? 'unknown',
      memoryGb: totalmem() / 2 ** 30,
    },
    options: args.options,
    medians,
    runs: runs.map((r) => ({ headline: r.headline, figures: r.figures })),
  };
  const out = args.out ?? join(resultsDir, `${scenario.name}-${report.date.replace(/[:.]/g, '-')}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify(report, (_key, value) => (typeof value === 'number' ? round(value) : value), 2)}\n`,
  );
  console.log(`JSON: ${out}`);
}

/** Three decimals are plenty for every figure here. */
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
