/**
 * A compact log-bucket latency histogram in the manner of HdrHistogram: values are whole
 * microseconds, exact below 256 and within 1/128 (0.8%) above, up to 2^31 µs (35 minutes).
 * Histograms of several worker processes merge by adding their buckets, so percentiles over all
 * workers are exact to the bucket; `toJSON`/`fromJSON` carry them over IPC.
 */
const SUB_BUCKET_BITS = 7;
const SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
const MAX_VALUE = 2 ** 31 - 1;
const BUCKETS = (31 - SUB_BUCKET_BITS + 1) * SUB_BUCKETS;

/** The serialised form: non-empty buckets as [index, count] pairs. */
export interface HistogramJson {
  buckets: [number, number][];
  min: number;
  max: number;
  sum: number;
}

/** The figures quoted for a latency histogram, in milliseconds. */
export interface LatencyMs {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

export class Histogram {
  private readonly counts = new Float64Array(BUCKETS);
  count = 0;
  min = Number.POSITIVE_INFINITY;
  max = 0;
  private sum = 0;

  /** Records one value in microseconds (negative ones count as 0, huge ones as the maximum). */
  record(micros: number): void {
    const value = Math.min(MAX_VALUE, Math.max(0, Math.round(micros)));
    const index = bucketOf(value);
    this.counts[index] = (this.counts[index] as number) + 1;
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  /** Adds every value of `other` to this one. */
  merge(other: Histogram): this {
    for (let i = 0; i < BUCKETS; i++)
      this.counts[i] = (this.counts[i] as number) + (other.counts[i] as number);
    this.count += other.count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    return this;
  }

  /**
   * The value at quantile `q` (0-1) by nearest rank: the highest value of the bucket holding the
   * smallest sample with at least `q` of the samples at or below it, never above the largest
   * value recorded. NaN when empty.
   */
  quantile(q: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i] as number;
      if (seen >= rank) return Math.min(highestInBucket(i), this.max);
    }
    return this.max;
  }

  get mean(): number {
    return this.count ? this.sum / this.count : Number.NaN;
  }

  /** p50, p90, p99, p99.9, max and mean in milliseconds. */
  summaryMs(): LatencyMs {
    const ms = (micros: number) => micros / 1000;
    return {
      count: this.count,
      p50: ms(this.quantile(0.5)),
      p90: ms(this.quantile(0.9)),
      p99: ms(this.quantile(0.99)),
      p999: ms(this.quantile(0.999)),
      max: ms(this.count ? this.max : Number.NaN),
      mean: ms(this.mean),
    };
  }

  toJSON(): HistogramJson {
    const buckets: [number, number][] = [];
    for (let i = 0; i < BUCKETS; i++) if (this.counts[i]) buckets.push([i, this.counts[i] as number]);
    return { buckets, min: this.min, max: this.max, sum: this.sum };
  }

  static fromJSON(json: HistogramJson): Histogram {
    const histogram = new Histogram();
    for (const [index, count] of json.buckets) {
      histogram.counts[index] = count;
      histogram.count += count;
    }
    // JSON turns Infinity into null: an empty histogram's min comes back as null.
    histogram.min = json.min ?? Number.POSITIVE_INFINITY;
    histogram.max = json.max;
    histogram.sum = json.sum;
    return histogram;
  }
}

/** Values below 2 * SUB_BUCKETS have a bucket each; above, each power of two has SUB_BUCKETS. */
export function bucketOf(value: number): number {
  if (value < 2 * SUB_BUCKETS) return value;
  const shift = 31 - Math.clz32(value) - SUB_BUCKET_BITS;
  return (shift + 1) * SUB_BUCKETS + ((value >>> shift) - SUB_BUCKETS);
}

/** The largest value that falls in bucket `index`. */
export function highestInBucket(index: number): number {
  if (index < 2 * SUB_BUCKETS) return index;
  const shift = Math.floor(index / SUB_BUCKETS) - 1;
  const mantissa = (index % SUB_BUCKETS) + SUB_BUCKETS;
  return (mantissa + 1) * 2 ** shift - 1;
}
