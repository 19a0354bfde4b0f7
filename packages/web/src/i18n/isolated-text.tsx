import type { ComponentChildren } from 'preact';
import type { MessageParams } from './format-message';
import { t } from './i18n';

/** A private-use character: it never occurs in a catalog, so it can mark where a value goes. */
const MARK = '\uE000';

/**
 * The UI text for a key, like `t`, with each of `names` set apart in a `<bdi>`: a name in
 * another script (an Arabic name in a Russian sentence) then cannot reorder the words around
 * it. `params` are passed as they are (numbers, select values).
 *
 * @example tIsolated('service.memberLeft', { actor: 'سارا' }, { self: 'no' })
 */
export function tIsolated(
  key: string,
  names: Record<string, string>,
  params: MessageParams = {},
): ComponentChildren[] {
  const keys = Object.keys(names);
  const marked = Object.fromEntries(keys.map((name, index) => [name, `${MARK}${index}${MARK}`]));
  // Split on the marks, the pieces alternate: text, index of a name, text, ...
  return t(key, { ...params, ...marked })
    .split(MARK)
    .map((piece, index) =>
      index % 2 === 1 ? <bdi key={index}>{names[keys[Number(piece)] as string]}</bdi> : piece,
    );
}
