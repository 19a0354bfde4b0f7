import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { clientAddress } from '../src/transport/ws/gateway.js';

describe('cluster configuration', () => {
  it('uses the in-process bus unless told otherwise', () => {
    const config = loadConfig({});
    expect(config.bus).toBe('local');
    expect(config.busPrefix).toBe('');
    expect(config.presenceHeartbeatMs).toBe(5000);
  });

  it('takes NATS from PEYK_BUS or --bus (the flag wins), with a subject prefix', () => {
    const env = { PEYK_BUS: 'nats://10.0.0.21:4222', PEYK_BUS_PREFIX: 'staging.peyk' };
    expect(loadConfig(env)).toMatchObject({ bus: 'nats://10.0.0.21:4222', busPrefix: 'staging.peyk' });
    const servers = 'nats://a:4222,nats://b:4222, tls://c:4222';
    expect(loadConfig(env, { bus: servers, 'bus-prefix': 'x' })).toMatchObject({
      bus: servers,
      busPrefix: 'x',
    });
    expect(loadConfig({ PEYK_PRESENCE_HEARTBEAT_MS: '500' }).presenceHeartbeatMs).toBe(500);
  });

  it('refuses what it cannot use, saying what it expected', () => {
    expect(() => loadConfig({ PEYK_BUS: 'redis://localhost' })).toThrow(/PEYK_BUS must be "local" or nats:/);
    expect(() => loadConfig({ PEYK_BUS: 'nats://a:4222,' })).toThrow(/PEYK_BUS/);
    expect(() => loadConfig({ PEYK_BUS_PREFIX: 'peyk.>' })).toThrow(/prefix/);
    expect(() => loadConfig({ PEYK_BUS_PREFIX: 'a..b' })).toThrow(/prefix/);
    expect(() => loadConfig({ PEYK_PRESENCE_HEARTBEAT_MS: '10' })).toThrow(/PEYK_PRESENCE_HEARTBEAT_MS/);
  });
});

describe('load balancer and PostgreSQL settings', () => {
  it('reads the pool size and whether to trust X-Forwarded-For', () => {
    expect(loadConfig({})).toMatchObject({ postgresPool: 10, trustProxy: false });
    expect(loadConfig({ PEYK_PG_POOL: '40', PEYK_TRUST_PROXY: '1' })).toMatchObject({
      postgresPool: 40,
      trustProxy: true,
    });
    expect(() => loadConfig({ PEYK_PG_POOL: '1' })).toThrow(/PEYK_PG_POOL/);
  });

  it('takes the address the balancer appended only when told to trust it', () => {
    const request = {
      headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.9' },
      socket: { remoteAddress: '10.0.0.2' },
    } as unknown as IncomingMessage;
    expect(clientAddress(request, false)).toBe('10.0.0.2');
    expect(clientAddress(request, true)).toBe('203.0.113.9');
  });
});
