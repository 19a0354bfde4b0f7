import { EntityType } from '@peyk/protocol';

/** An entity as the protocol has it: offsets and lengths in UTF-16 code units. */
export interface EntitySpan {
  type: EntityType;
  offset: number;
  length: number;
  url?: string;
  userId?: string;
  language?: string;
}

/** A piece of formatted text: plain text, or an entity around its own pieces. */
export type EntityNode =
  | { kind: 'text'; text: string }
  | { kind: 'entity'; entity: EntitySpan; text: string; children: EntityNode[] };

/** Outer entities first when two cover the same range: a link holds its bold text, not the reverse. */
const NESTING_ORDER: Record<number, number> = {
  [EntityType.PRE]: 0,
  [EntityType.TEXT_LINK]: 1,
  [EntityType.URL]: 1,
  [EntityType.MENTION]: 1,
  [EntityType.TEXT_MENTION]: 1,
  [EntityType.HASHTAG]: 1,
  [EntityType.BOLD]: 2,
  [EntityType.ITALIC]: 3,
  [EntityType.UNDERLINE]: 4,
  [EntityType.STRIKETHROUGH]: 5,
  [EntityType.CODE]: 6,
};

function byPosition(a: EntitySpan, b: EntitySpan): number {
  return (
    a.offset - b.offset || b.length - a.length || (NESTING_ORDER[a.type] ?? 9) - (NESTING_ORDER[b.type] ?? 9)
  );
}

/**
 * Turns text and its entities into a tree. Entities may nest (bold inside a link) and may
 * overlap without nesting: an entity that crosses the end of an outer one is split in two.
 * Entities outside the text, empty or of unknown type are dropped; the text is never lost.
 */
export function buildEntityTree(text: string, entities: readonly EntitySpan[]): EntityNode[] {
  const valid = entities
    .filter(
      (e) => e.type !== EntityType.UNSPECIFIED && e.length > 0 && e.offset >= 0 && e.offset < text.length,
    )
    .map((e) => ({ ...e, length: Math.min(e.length, text.length - e.offset) }))
    .sort(byPosition);
  return buildRange(text, 0, text.length, valid);
}

function buildRange(text: string, start: number, end: number, sorted: EntitySpan[]): EntityNode[] {
  const nodes: EntityNode[] = [];
  let pos = start;
  let queue = sorted;
  while (queue.length > 0) {
    const [entity, ...others] = queue as [EntitySpan, ...EntitySpan[]];
    // A sibling that starts inside the previous one was cut at its end already: clamp it.
    const offset = Math.max(entity.offset, pos);
    const entityEnd = entity.offset + entity.length;
    if (offset >= entityEnd) {
      queue = others;
      continue;
    }
    if (offset > pos) nodes.push({ kind: 'text', text: text.slice(pos, offset) });
    const inside: EntitySpan[] = [];
    const after: EntitySpan[] = [];
    for (const other of others) {
      const otherEnd = other.offset + other.length;
      if (other.offset >= entityEnd) after.push(other);
      else if (otherEnd <= entityEnd) inside.push(other);
      else {
        inside.push({ ...other, length: entityEnd - other.offset });
        after.push({ ...other, offset: entityEnd, length: otherEnd - entityEnd });
      }
    }
    nodes.push({
      kind: 'entity',
      entity,
      text: text.slice(offset, entityEnd),
      children: buildRange(text, offset, entityEnd, inside),
    });
    pos = entityEnd;
    queue = after.sort(byPosition);
  }
  if (pos < end) nodes.push({ kind: 'text', text: text.slice(pos, end) });
  return nodes;
}

const URL_RE = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]}»،؛]/giu;
const MENTION_RE = /(^|[^\p{L}\p{N}_@])@([a-z0-9_]{5,32})\b/giu;
const HASHTAG_RE = /(^|[^\p{L}\p{N}_#&])#([\p{L}\p{N}_\u200c]*\p{L}[\p{L}\p{N}_\u200c]*)/gu;

/**
 * Finds links, @mentions and #hashtags in plain text (for the composer to send as entities),
 * skipping ranges already covered by `taken` (code, links). Offsets are UTF-16 code units.
 */
export function detectEntities(text: string, taken: readonly EntitySpan[] = []): EntitySpan[] {
  const found: EntitySpan[] = [];
  const free = (offset: number, length: number) =>
    ![...taken, ...found].some((e) => offset < e.offset + e.length && e.offset < offset + length);
  for (const match of text.matchAll(URL_RE)) {
    const offset = match.index ?? 0;
    if (free(offset, match[0].length)) found.push({ type: EntityType.URL, offset, length: match[0].length });
  }
  for (const match of text.matchAll(MENTION_RE)) {
    const offset = (match.index ?? 0) + (match[1]?.length ?? 0);
    const length = (match[2]?.length ?? 0) + 1;
    if (free(offset, length)) found.push({ type: EntityType.MENTION, offset, length });
  }
  for (const match of text.matchAll(HASHTAG_RE)) {
    const offset = (match.index ?? 0) + (match[1]?.length ?? 0);
    const length = (match[2]?.length ?? 0) + 1;
    if (free(offset, length)) found.push({ type: EntityType.HASHTAG, offset, length });
  }
  return found.sort(byPosition);
}
