/**
 * Loopback source addresses for the load generator's client sockets. One address offers about
 * 28,000 ephemeral ports towards one server port, and the server admits a limited number of
 * connections per address; spreading clients over 127.0.0.2-127.0.0.254 lifts both caps.
 */
export const FIRST_HOST = 2;
export const LAST_HOST = 254;

/**
 * The source addresses of each of `workers` processes: the hosts are dealt out round-robin, so
 * no two workers share one. Throws when `connections` (in total, spread evenly over the workers)
 * would put more than `perAddress` on any address.
 */
export function allocateAddresses(workers: number, connections: number, perAddress: number): string[][] {
  const hosts = LAST_HOST - FIRST_HOST + 1;
  if (!Number.isSafeInteger(workers) || workers < 1 || workers > hosts)
    throw new Error(`workers must be 1-${hosts}, not ${workers}`);
  const perWorker: string[][] = Array.from({ length: workers }, () => []);
  for (let host = FIRST_HOST; host <= LAST_HOST; host++) {
    perWorker[(host - FIRST_HOST) % workers]?.push(`127.0.0.${host}`);
  }
  const shares = splitEvenly(connections, workers);
  const busiest = Math.max(
    ...perWorker.map((list, w) => Math.ceil(((shares[w]?.end ?? 0) - (shares[w]?.start ?? 0)) / list.length)),
  );
  if (busiest > perAddress) {
    throw new Error(
      `${connections} connections over ${workers} workers put ${busiest} on one source address; at most ${perAddress}`,
    );
  }
  return perWorker;
}

/** The address for a worker's `index`-th connection: round-robin over its addresses. */
export function addressFor(addresses: readonly string[], index: number): string {
  const address = addresses[index % addresses.length];
  if (!address) throw new Error('no source addresses');
  return address;
}

/** Splits `count` items into `parts` contiguous ranges whose sizes differ by at most one. */
export function splitEvenly(count: number, parts: number): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  for (let part = 0, start = 0; part < parts; part++) {
    const size = Math.floor(count / parts) + (part < count % parts ? 1 : 0);
    ranges.push({ start, end: start + size });
    start += size;
  }
  return ranges;
}
