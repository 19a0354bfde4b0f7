import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalBus } from '../../src/bus/local-bus.js';
import {
  createDomain,
  type Domain,
  type DomainDeps,
  MemorySmsProvider,
  systemClock,
} from '../../src/domain/index.js';
import type { PushSender } from '../../src/domain/notifications/push-sender.js';
import { LocalBlobStorage } from '../../src/storage/local-blob-storage.js';
import type { Store } from '../../src/store/store.js';

const noPush: PushSender = { publicKey: '', send: async () => 'delivered' };

/**
 * A domain on `store` without a server around it (a "node" of its own): an in-process bus, no
 * push, media in a temporary directory without ffmpeg. `deps` replaces any of these.
 */
export function testDomain(store: Store, deps: Partial<DomainDeps> = {}): Domain {
  const scratch = mkdtempSync(join(tmpdir(), 'peyk-domain-'));
  return createDomain({
    store,
    bus: new LocalBus(),
    clock: systemClock,
    sms: new MemorySmsProvider(),
    push: noPush,
    logError: () => {},
    media: { storage: new LocalBlobStorage(join(scratch, 'files')), scratchDir: scratch, ffmpeg: false },
    ...deps,
  });
}
