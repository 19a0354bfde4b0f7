import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

/** What this Node process used over a measured window. */
export interface ProcessUsage {
  seconds: number;
  /** User + system CPU time over wall time: 1.0 is one core fully busy. */
  cpuCores: number;
  /** The cores the machine offers, to set `cpuCores` against. */
  coresAvailable: number;
  rssMaxMb: number;
  rssEndMb: number;
  /** How late timers ran: high values mean the event loop (server and load generator) was saturated. */
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
}

const MB = 1024 * 1024;

/** Starts measuring this process's CPU, memory and event-loop delay; `stop()` returns the figures. */
export function measureProcess(): { stop(): ProcessUsage } {
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let rssMax = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    rssMax = Math.max(rssMax, process.memoryUsage.rss());
  }, 100);
  return {
    stop() {
      clearInterval(sampler);
      delay.disable();
      const cpu = process.cpuUsage(cpuStart);
      const seconds = (performance.now() - wallStart) / 1000;
      const rssEnd = process.memoryUsage.rss();
      return {
        seconds,
        cpuCores: (cpu.user + cpu.system) / 1e6 / seconds,
        coresAvailable: availableParallelism(),
        rssMaxMb: Math.max(rssMax, rssEnd) / MB,
        rssEndMb: rssEnd / MB,
        eventLoopDelayP99Ms: delay.percentile(99) / 1e6,
        eventLoopDelayMaxMs: delay.max / 1e6,
      };
    },
  };
}
