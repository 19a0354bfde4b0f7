import { lookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from '../../domain/index.js';

/**
 * A DNS lookup for outgoing requests on a bot's behalf (webhooks, files by URL) that refuses
 * private, loopback and link-local addresses unless the operator allows them. It runs on every
 * connection, so a name that now resolves elsewhere (DNS rebinding) is refused too.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) =>
    lookup(hostname, { ...options, all: false }, (error, address, family) => {
      if (!error && !allowPrivate && !isPublicAddress(address)) {
        callback(new Error('IP address is not allowed'), address, family);
      } else callback(error, address, family);
    });
}

/**
 * Whether a URL's host may be reached: a literal IP address is never looked up (so guardedLookup
 * does not see it) and is checked here; a name is checked by guardedLookup on connection.
 */
export function literalHostAllowed(url: URL, allowPrivate: boolean): boolean {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return allowPrivate || isIP(host) === 0 || isPublicAddress(host);
}
