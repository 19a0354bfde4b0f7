import { readdirSync } from 'node:fs';
import type { Scenario } from '../scenario.js';

/**
 * Every scenario: each file in this folder (but this one and tests) exports `scenario`, so a new
 * scenario is one new file.
 */
export async function loadScenarios(): Promise<Scenario[]> {
  const folder = new URL('./', import.meta.url);
  const files = readdirSync(folder)
    .filter((file) => file.endsWith('.ts') && file !== 'registry.ts' && !file.endsWith('.test.ts'))
    .sort();
  const scenarios: Scenario[] = [];
  for (const file of files) {
    const module = (await import(new URL(file, folder).href)) as { scenario?: Scenario };
    if (!module.scenario) throw new Error(`scenarios/${file} exports no scenario`);
    scenarios.push(module.scenario);
  }
  return scenarios;
}
