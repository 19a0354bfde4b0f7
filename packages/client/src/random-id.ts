/**
 * A random non-zero safe integer, as a decimal string, for `send_message.random_id`. Drawn from
 * the platform's CSPRNG (`crypto.getRandomValues`, in browsers and Node alike) so that two
 * devices of one user do not pick the same value.
 */
export function randomId(): string {
  const words = new Uint32Array(2);
  for (;;) {
    crypto.getRandomValues(words);
    // 21 high bits + 32 low bits = 53 bits: always at most Number.MAX_SAFE_INTEGER.
    const value = ((words[0] as number) & 0x1f_ffff) * 2 ** 32 + (words[1] as number);
    if (value !== 0) return String(value);
  }
}
