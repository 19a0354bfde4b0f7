import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('flood limits configuration', () => {
  it('has the documented defaults and takes each limit from its variable', () => {
    expect(loadConfig({})).toMatchObject({
      requestsInFlight: 128,
      connectionRequestsPerSecond: 100,
      connectionRequestBurst: 200,
      userRequestsPer10s: 3000,
      chatMessagesPer10s: 1000,
    });
    const env = {
      PEYK_REQUESTS_IN_FLIGHT: '64',
      PEYK_CONNECTION_REQUESTS_PER_SECOND: '400',
      PEYK_CONNECTION_REQUEST_BURST: '800',
      PEYK_USER_REQUESTS_PER_10S: '100',
      PEYK_CHAT_MESSAGES_PER_10S: '50',
    };
    expect(loadConfig(env)).toMatchObject({
      requestsInFlight: 64,
      connectionRequestsPerSecond: 400,
      connectionRequestBurst: 800,
      userRequestsPer10s: 100,
      chatMessagesPer10s: 50,
    });
  });

  it('refuses a limit that is not a positive integer, naming it', () => {
    for (const value of ['0', '-5', '2.5', 'many']) {
      expect(() => loadConfig({ PEYK_CONNECTION_REQUESTS_PER_SECOND: value })).toThrow(
        /PEYK_CONNECTION_REQUESTS_PER_SECOND must be a positive integer/,
      );
    }
    expect(() => loadConfig({ PEYK_CONNECTION_REQUEST_BURST: '0' })).toThrow(/PEYK_CONNECTION_REQUEST_BURST/);
  });
});
