import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { ErrorCode } from '@peyk/protocol';
import { DomainError } from '../errors.js';

/** Addresses a webhook may not reach unless the operator allows it: this host and private networks. */
const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv6');
}

/** Whether an address (as resolved) is one a webhook may be sent to. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  // An IPv4-mapped IPv6 address reaches its IPv4 address (BlockList checks IPv4 against IPv6 rules
  // through this mapping, so it cannot be a rule itself).
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return isPublicAddress(mapped);
  if (family === 6 && /^::ffff:/i.test(address)) return false;
  return !PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function badWebhook(detail: string): DomainError {
  return new DomainError(ErrorCode.WEBHOOK_INVALID, `bad webhook: ${detail}`);
}

/**
 * Checks a webhook URL when it is set: HTTPS on a port Telegram allows, resolving only to public
 * addresses. With `allowPrivate` (the operator's choice, e.g. bots on the same host) plain HTTP
 * and private addresses are allowed too. The sender checks the address again on every connection.
 */
export async function checkWebhookUrl(input: string, allowPrivate: boolean): Promise<string> {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw badWebhook('invalid webhook URL specified');
  }
  if (input.length > 2048 || (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:'))) {
    throw badWebhook('An HTTPS URL must be provided for webhook');
  }
  // COMPAT: with private targets allowed, any port is; otherwise Telegram's 443, 80, 88 and 8443.
  if (!allowPrivate && !['', '443', '80', '88', '8443'].includes(url.port)) {
    throw badWebhook('Webhook can be set up only on ports 80, 88, 443 or 8443');
  }
  if (url.username || url.password) throw badWebhook('invalid webhook URL specified');
  if (allowPrivate) return url.toString();
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [{ address: host }] : await lookup(host, { all: true }).catch(() => []);
  if (addresses.length === 0) throw badWebhook('Failed to resolve host: Name or service not known');
  if (!addresses.every(({ address }) => isPublicAddress(address))) {
    throw badWebhook('IP address is not allowed');
  }
  return url.toString();
}
