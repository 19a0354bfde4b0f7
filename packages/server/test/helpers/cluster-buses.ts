import { randomBytes } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import type { Bus } from '../../src/bus/bus.js';
import { LocalBus } from '../../src/bus/local-bus.js';
import { NatsBus } from '../../src/bus/nats-bus.js';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** A subject prefix no other test run uses, so runs never see each other's messages. */
export function freshBusPrefix(label = 'test'): string {
  return `peyk_${label}_${randomBytes(6).toString('hex')}`;
}

/** A bus for one test, with what the shared suite needs beyond the interface. */
export interface TestBus {
  bus: Bus;
  /** Resolves once the bus's subscriptions are in effect for publishers on other nodes. */
  settle(): Promise<void>;
}

export interface BusKind {
  name: 'local' | 'nats';
  /**
   * Two nodes' buses on one fresh namespace. The local bus has no second node: both ends are
   * the same in-process bus, which is what two parts of one embedded server share.
   */
  openPair(): Promise<[TestBus, TestBus]>;
  /** NATS subscriptions a bus holds; undefined for the local bus. */
  remoteSubscriptions(bus: Bus): number | undefined;
}

const local: BusKind = {
  name: 'local',
  async openPair() {
    const bus: TestBus = { bus: new LocalBus(), settle: async () => {} };
    return [bus, bus];
  },
  remoteSubscriptions: () => undefined,
};

const nats: BusKind = {
  name: 'nats',
  async openPair() {
    const prefix = freshBusPrefix('bus');
    const open = async (name: string): Promise<TestBus> => {
      const bus = await NatsBus.connect({ servers: NATS_URL, prefix, name });
      return { bus, settle: () => bus.flush() };
    };
    return [await open('node-a'), await open('node-b')];
  },
  remoteSubscriptions: (bus) => (bus as NatsBus).remoteSubscriptions,
};

export async function natsReachable(url = NATS_URL): Promise<boolean> {
  try {
    const nc = await connect({ servers: url, timeout: 2000, reconnect: false });
    await nc.close();
    return true;
  } catch {
    return false;
  }
}

/**
 * The local bus always; NATS where reachable. Under CI=true an unreachable NATS is an error,
 * never a silent skip.
 */
export async function busKinds(): Promise<BusKind[]> {
  if (await natsReachable()) return [local, nats];
  if (process.env.CI === 'true') throw new Error(`NATS is required under CI but ${NATS_URL} is unreachable`);
  console.warn(`NATS at ${NATS_URL} unreachable: running the bus suite on the local bus only`);
  return [local];
}

/** Whether the cluster tests can run; under CI=true both services are required. */
export async function requireNats(): Promise<boolean> {
  if (await natsReachable()) return true;
  if (process.env.CI === 'true') throw new Error(`NATS is required under CI but ${NATS_URL} is unreachable`);
  console.warn(`NATS at ${NATS_URL} unreachable: skipping the cluster tests`);
  return false;
}
