import { isIPv4, isIPv6 } from 'node:net';

/**
 * The network an address belongs to, for counting sign-ups: an attacker holds many addresses of
 * one network far more often than many networks. IPv4 by /24, IPv6 by /48 (a site's usual
 * allocation); an IPv4 address written as IPv6 (`::ffff:a.b.c.d`) counts as IPv4.
 */
export function networkOf(address: string): string {
  const mapped = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i)?.[1];
  const plain = mapped ?? address;
  if (isIPv4(plain)) return `${plain.split('.').slice(0, 3).join('.')}.0/24`;
  if (isIPv6(plain)) return `${expandIPv6(plain).slice(0, 3).join(':')}::/48`;
  return plain;
}

/** The eight groups of an IPv6 address, without zone and with `::` expanded. */
function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('%')[0]?.toLowerCase().split('::') ?? [''];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array.from({ length: 8 - left.length - right.length }, () => '0');
  return [...left, ...zeros, ...right].map((group) => group.replace(/^0+(?=.)/, ''));
}
