// Loaded into a benchmarked server (node --expose-gc --import): SIGUSR2 runs a full collection,
// so the load generator reads the live heap (--trace-gc) at the moments it chooses.
process.on('SIGUSR2', () => globalThis.gc?.());
