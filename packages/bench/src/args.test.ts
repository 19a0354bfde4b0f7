import { describe, expect, it } from 'vitest';
import { parseBenchArgs, usage } from './args.js';
import type { Scenario } from './scenario.js';

const fake: Scenario = {
  name: 'fake',
  summary: 'a scenario for the tests',
  flags: {
    pairs: { type: 'int', default: 10, help: 'pairs' },
    rate: { type: 'number', default: 1.5, help: 'rate' },
    sizes: { type: 'ints', default: [100, 1000], help: 'sizes' },
    stores: { type: 'strings', default: ['sqlite'], choices: ['sqlite', 'postgres'], help: 'stores' },
  },
  run: async () => ({ markdown: '', figures: {}, headline: {} }),
};

describe('parseBenchArgs', () => {
  it('takes the scenario and its flags, defaults for the rest', () => {
    const args = parseBenchArgs(['fake', '--pairs', '20', '--sizes', '10,20', '--runs', '3'], [fake]);
    expect(args.scenario?.name).toBe('fake');
    expect(args.options.int('pairs')).toBe(20);
    expect(args.options.number('rate')).toBe(1.5);
    expect(args.options.ints('sizes')).toEqual([10, 20]);
    expect(args.options.strings('stores')).toEqual(['sqlite']);
    expect(args.runs).toBe(3);
    expect(args.out).toBeUndefined();
    expect(args.help).toBe(false);
  });

  it('rejects unknown scenarios, unknown flags, bad numbers and bad choices', () => {
    expect(() => parseBenchArgs(['nope'], [fake])).toThrow(/unknown scenario "nope"/);
    expect(() => parseBenchArgs(['fake', '--colour', 'red'], [fake])).toThrow();
    expect(() => parseBenchArgs(['fake', '--pairs', '2.5'], [fake])).toThrow(/positive integer/);
    expect(() => parseBenchArgs(['fake', '--rate', '0'], [fake])).toThrow(/positive number/);
    expect(() => parseBenchArgs(['fake', '--stores', 'mysql'], [fake])).toThrow(/unknown "mysql"/);
  });

  it('shows the usage without a scenario, or with --help', () => {
    expect(parseBenchArgs([], [fake]).help).toBe(true);
    expect(parseBenchArgs(['fake', '--help'], [fake]).help).toBe(true);
    expect(usage([fake], fake)).toContain('--pairs');
  });
});
