import { describe, expect, it } from 'vitest';
import { Options } from '../scenario.js';
import { type OverloadChecks, scenario } from './overload.js';

/**
 * The short overload run for CI: the rate the server sustains is measured first on this machine
 * (a closed loop for a few seconds), then ten times that rate is offered for a few seconds, so the
 * run overloads the server however fast or slow the machine is; a load generator that cannot send
 * that much fails the run, saying so. It asserts what must hold on any machine: load shed
 * with FLOOD_WAIT, the server's memory flat while overloaded (once its heap has grown to the load, in the first third), every acknowledged message stored
 * exactly once and, once the load stops, every message of a gentle step acknowledged and
 * delivered. Latency bounds are for the long run (`npm run bench -- overload`), not for a
 * machine whose cores are shared.
 */
describe('overload', () => {
  it('sheds ten times the sustainable load, keeps its memory, recovers and loses nothing', async () => {
    const defaults = Object.fromEntries(
      Object.entries(scenario.flags).map(([name, flag]) => [name, flag.default]),
    );
    const result = await scenario.run(
      new Options({
        ...defaults,
        pairs: 200,
        polite: 10,
        factor: 10,
        seconds: 12,
        'recover-seconds': 3,
        'recover-rate': 20,
        workers: 2,
      }),
      { profileDir: undefined },
    );
    const { checks } = result.figures as { checks: OverloadChecks };
    console.log(result.markdown);
    expect(checks.generatorShortfall, 'the load generator did not offer the overload').toBe('');
    expect(checks.shedShare).toBeGreaterThan(0.2);
    expect(checks.liveHeapGrowthMb).toBeLessThan(16);
    expect(checks.rssOverStartMb).toBeLessThan(256);
    expect(checks.recovered).toBe(true);
    expect(checks.stored.acked).toBeGreaterThan(0);
    expect(checks.stored).toMatchObject({ lost: 0, duplicates: 0, unacknowledged: 0 });
  }, 120_000);
});
