import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CPU time and resident memory of a process, read from /proc: measured from outside it. */
export interface ProcSample {
  /** User + system CPU time since the process started, in seconds. */
  cpuSeconds: number;
  rssBytes: number;
  /** Time the main thread was ready to run but waited for a core (/proc/<pid>/schedstat), seconds. */
  waitSeconds: number;
  /** When the sample was taken (performance-clock milliseconds). */
  at: number;
}

/** User + system clock ticks from the text of /proc/<pid>/stat (fields 14 and 15). */
export function parseStatTicks(stat: string): number {
  // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (the state): utime is field 14, stime field 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('unreadable /proc stat line');
  return utime + stime;
}

/** The run-queue wait, in seconds, from the text of /proc/<pid>/schedstat (its second field, ns). */
export function parseSchedstatWait(schedstat: string): number {
  const wait = Number(schedstat.trim().split(/\s+/)[1]);
  if (!Number.isFinite(wait)) throw new Error('unreadable /proc schedstat line');
  return wait / 1e9;
}

/** VmRSS in bytes from the text of /proc/<pid>/status. */
export function parseStatusRss(status: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error('no VmRSS in /proc status');
  return Number(match[1]) * 1024;
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

export function sampleProcess(pid: number): ProcSample {
  return {
    cpuSeconds: parseStatTicks(readFileSync(`/proc/${pid}/stat`, 'utf8')) / clockTicks(),
    rssBytes: parseStatusRss(readFileSync(`/proc/${pid}/status`, 'utf8')),
    waitSeconds: parseSchedstatWait(readFileSync(`/proc/${pid}/schedstat`, 'utf8')),
    at: performance.now(),
  };
}

/** What a group of processes used over a window. */
export interface ProcUsage {
  seconds: number;
  /** CPU time over wall time, summed over the processes: 1.0 is one core fully busy. */
  cpuCores: number;
  /**
   * Time the processes' main threads were ready to run but no core was free, over wall time: on
   * a shared machine, how much of the run they were starved by others.
   */
  waitingCores: number;
  rssStartMb: number;
  rssMaxMb: number;
  rssEndMb: number;
}

const MB = 1024 * 1024;

/**
 * Samples the processes `pids` every `intervalMs` from now until `stop()`: CPU over the window,
 * and the summed RSS at the start, at its largest and at the end.
 */
export function watchProcesses(pids: readonly number[], intervalMs = 200): { stop(): ProcUsage } {
  const total = () => {
    const samples = pids.map(sampleProcess);
    return {
      cpuSeconds: samples.reduce((sum, s) => sum + s.cpuSeconds, 0),
      rssBytes: samples.reduce((sum, s) => sum + s.rssBytes, 0),
      waitSeconds: samples.reduce((sum, s) => sum + s.waitSeconds, 0),
      at: performance.now(),
    };
  };
  const start = total();
  let rssMax = start.rssBytes;
  const timer = setInterval(() => {
    rssMax = Math.max(rssMax, total().rssBytes);
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const end = total();
      const seconds = (end.at - start.at) / 1000;
      return {
        seconds,
        cpuCores: seconds > 0 ? (end.cpuSeconds - start.cpuSeconds) / seconds : 0,
        waitingCores: seconds > 0 ? (end.waitSeconds - start.waitSeconds) / seconds : 0,
        rssStartMb: start.rssBytes / MB,
        rssMaxMb: Math.max(rssMax, end.rssBytes) / MB,
        rssEndMb: end.rssBytes / MB,
      };
    },
  };
}
