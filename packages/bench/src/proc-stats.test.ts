import { describe, expect, it } from 'vitest';
import { parseSchedstatWait, parseStatTicks, parseStatusRss, sampleProcess } from './proc-stats.js';

describe('/proc parsing', () => {
  it('reads utime + stime even when the command name holds spaces and parentheses', () => {
    const stat =
      '1234 (node (bench) x) S 1 1234 1234 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 11 0 100 1000 200';
    expect(parseStatTicks(stat)).toBe(300);
  });

  it('reads VmRSS in bytes', () => {
    expect(parseStatusRss('Name:\tnode\nVmRSS:\t  123456 kB\nThreads: 11\n')).toBe(123456 * 1024);
    expect(() => parseStatusRss('Name:\tnode\n')).toThrow(/VmRSS/);
  });

  it('reads the run-queue wait from schedstat', () => {
    expect(parseSchedstatWait('1427830 2500000000 3\n')).toBe(2.5);
  });

  it('samples this process', () => {
    const sample = sampleProcess(process.pid);
    expect(sample.rssBytes).toBeGreaterThan(1024 * 1024);
    expect(sample.cpuSeconds).toBeGreaterThan(0);
  });
});
