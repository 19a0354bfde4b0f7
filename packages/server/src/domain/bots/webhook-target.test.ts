import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, isPublicAddress } from './webhook-target.js';

describe('webhook targets (SSRF)', () => {
  it('tells public addresses from private, loopback, link-local and mapped ones', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111'])
      expect(isPublicAddress(address)).toBe(true);
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      'not an address',
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });

  it('refuses plain HTTP, odd ports, credentials and private targets unless the operator allows them', async () => {
    await expect(checkWebhookUrl('http://8.8.8.8/hook', false)).rejects.toThrow(
      'An HTTPS URL must be provided',
    );
    await expect(checkWebhookUrl('https://127.0.0.1/hook', false)).rejects.toThrow(
      'IP address is not allowed',
    );
    await expect(checkWebhookUrl('https://[::1]/hook', false)).rejects.toThrow('IP address is not allowed');
    await expect(checkWebhookUrl('https://169.254.169.254/latest', false)).rejects.toThrow('not allowed');
    await expect(checkWebhookUrl('https://localhost/hook', false)).rejects.toThrow();
    await expect(checkWebhookUrl('https://8.8.8.8:9999/hook', false)).rejects.toThrow(
      'ports 80, 88, 443 or 8443',
    );
    await expect(checkWebhookUrl('https://user:pw@8.8.8.8/hook', false)).rejects.toThrow(
      'invalid webhook URL',
    );
    await expect(checkWebhookUrl('nonsense', false)).rejects.toThrow('invalid webhook URL');
    expect(await checkWebhookUrl('https://8.8.8.8:8443/hook', false)).toBe('https://8.8.8.8:8443/hook');
    expect(await checkWebhookUrl('http://127.0.0.1:3000/hook', true)).toBe('http://127.0.0.1:3000/hook');
  });
});
