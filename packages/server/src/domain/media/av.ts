import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What ffprobe tells of an audio or video file. */
export interface Probe {
  durationMs: number;
  /** Zero when there is no video stream (or only a cover picture). */
  width: number;
  height: number;
  hasAudio: boolean;
  /** The first audio stream's codec, e.g. "opus". */
  audioCodec: string;
}

/** Levels per waveform: 100 bars fill a voice bubble on a phone. */
export const WAVEFORM_LEVELS = 100;

/** Whether ffmpeg and ffprobe can be run; without them videos and audio are kept but not analysed. */
export async function ffmpegAvailable(): Promise<boolean> {
  try {
    await Promise.all([run('ffprobe', ['-version']), run('ffmpeg', ['-version'])]);
    return true;
  } catch {
    return false;
  }
}

/** Probes the file; undefined when ffprobe finds no audio or video stream in it (corrupt). */
export async function probe(path: string): Promise<Probe | undefined> {
  let output: string;
  try {
    ({ stdout: output } = await run(
      'ffprobe',
      ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path],
      { timeout: 30_000, maxBuffer: 4 * 1024 * 1024 },
    ));
  } catch {
    return undefined;
  }
  const info = JSON.parse(output) as {
    format?: { duration?: string };
    streams?: {
      codec_type?: string;
      codec_name?: string;
      width?: number;
      height?: number;
      duration?: string;
      disposition?: { attached_pic?: number };
    }[];
  };
  const streams = info.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const audio = streams.find((s) => s.codec_type === 'audio');
  if (!video && !audio) return undefined;
  const seconds = Number(info.format?.duration ?? video?.duration ?? audio?.duration ?? 0);
  return {
    durationMs: Number.isFinite(seconds) ? Math.round(seconds * 1000) : 0,
    width: video?.width ?? 0,
    height: video?.height ?? 0,
    hasAudio: audio !== undefined,
    audioCodec: audio?.codec_name ?? '',
  };
}

/** Writes a video's frame at about 10% of its length (past black intros) as PNG. */
export async function posterFrame(path: string, durationMs: number, output: string): Promise<void> {
  const at = Math.min(durationMs / 10_000, 5).toFixed(2);
  await run(
    'ffmpeg',
    ['-v', 'error', '-y', '-ss', at, '-i', path, '-frames:v', '1', '-an', '-f', 'image2', output],
    { timeout: 60_000 },
  );
}

/** A recording's length as decoded, and its loudness levels. */
export interface Loudness {
  durationMs: number;
  levels: Uint8Array;
}

/**
 * Decodes a recording (at most `maxMs` of it) to 8 kHz mono with ffmpeg and measures it: its
 * length (recorders such as Chromium's MediaRecorder write WebM without one) and WAVEFORM_LEVELS
 * levels of 0-31 (5 bits), the peak of each slice, scaled so the loudest slice is 31.
 */
export async function loudness(path: string, maxMs: number): Promise<Loudness> {
  const sampleRate = 8000;
  const blockSamples = 80;
  const blockPeaks: number[] = [];
  const decoder = spawn(
    'ffmpeg',
    [
      '-v',
      'error',
      '-i',
      path,
      '-t',
      String(maxMs / 1000),
      '-vn',
      '-ac',
      '1',
      '-ar',
      String(sampleRate),
      '-f',
      's16le',
      '-',
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const exited = new Promise<number | null>((resolve) => decoder.once('close', resolve));
  let samples = 0;
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of decoder.stdout) {
    const bytes: Buffer = carry.length > 0 ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    const whole = bytes.length - (bytes.length % 2);
    for (let i = 0; i < whole; i += 2, samples++) {
      const block = Math.floor(samples / blockSamples);
      const value = Math.abs(bytes.readInt16LE(i));
      if (block >= blockPeaks.length) blockPeaks.push(value);
      else if (value > (blockPeaks[block] ?? 0)) blockPeaks[block] = value;
    }
    carry = bytes.subarray(whole);
  }
  const code = await exited;
  if (code !== 0) throw new Error(`ffmpeg could not decode the recording (exit ${code})`);
  const peaks = new Array<number>(WAVEFORM_LEVELS).fill(0);
  for (const [block, peak] of blockPeaks.entries()) {
    const level = Math.min(WAVEFORM_LEVELS - 1, Math.floor((block * WAVEFORM_LEVELS) / blockPeaks.length));
    peaks[level] = Math.max(peaks[level] ?? 0, peak);
  }
  const loudest = Math.max(1, ...peaks);
  return {
    durationMs: Math.round((samples / sampleRate) * 1000),
    levels: Uint8Array.from(peaks, (peak) => Math.round((peak / loudest) * 31)),
  };
}
