import { EntityType } from '@peyk/protocol';
import { buildEntityTree, detectEntities, type EntityNode, type EntitySpan } from './entities';

/** Text ready to send: plain text and entities in UTF-16 code units. */
export interface FormattedText {
  text: string;
  entities: EntitySpan[];
}

/**
 * The composer's markup, a small Markdown: `**bold**`, `__italic__`, `~~strike~~`, `` `code` ``,
 * ```` ```pre``` ```` (an optional language on the first line) and `[text](https://url)`.
 * A backslash makes the next marker character literal. Unclosed markers stay as typed.
 */
const PAIRS: readonly (readonly [string, EntityType])[] = [
  ['**', EntityType.BOLD],
  ['__', EntityType.ITALIC],
  ['~~', EntityType.STRIKETHROUGH],
];
const ESCAPABLE = new Set(['*', '_', '~', '`', '[', ']', '\\']);
const LINK_RE = /^\[([^\]\n]+)\]\(((?:https?:\/\/|tg:)[^\s)]+)\)/;
const URL_START_RE = /^https?:\/\/[^\s<>"']+/;

/** Parses composer markup into text and entities (formatting, links, mentions, hashtags). */
export function parseMarkup(input: string): FormattedText {
  const parsed = parseInline(input);
  const trimmed = trimFormatted(parsed);
  const taken = trimmed.entities.filter(
    (e) => e.type === EntityType.CODE || e.type === EntityType.PRE || e.type === EntityType.TEXT_LINK,
  );
  const entities = [...trimmed.entities, ...detectEntities(trimmed.text, taken)].sort(
    (a, b) => a.offset - b.offset || b.length - a.length,
  );
  return { text: trimmed.text, entities };
}

function parseInline(input: string): FormattedText {
  let text = '';
  const entities: EntitySpan[] = [];
  let i = 0;
  while (i < input.length) {
    const rest = input.slice(i);
    const char = input[i] as string;
    if (char === '\\' && ESCAPABLE.has(input[i + 1] ?? '')) {
      text += input[i + 1];
      i += 2;
      continue;
    }
    const url = URL_START_RE.exec(rest);
    if (url && (i === 0 || !/[\p{L}\p{N}]/u.test(input[i - 1] ?? ''))) {
      text += url[0];
      i += url[0].length;
      continue;
    }
    if (rest.startsWith('```')) {
      const close = input.indexOf('```', i + 3);
      if (close > i + 3) {
        let body = input.slice(i + 3, close);
        let language = '';
        const firstLine = /^([\w+#-]{1,20})\n/.exec(body);
        if (firstLine) {
          language = firstLine[1] as string;
          body = body.slice(firstLine[0].length);
        } else if (body.startsWith('\n')) body = body.slice(1);
        if (body.endsWith('\n')) body = body.slice(0, -1);
        if (body.length > 0) {
          entities.push({ type: EntityType.PRE, offset: text.length, length: body.length, language });
          text += body;
          i = close + 3;
          continue;
        }
      }
    }
    if (char === '`' && !rest.startsWith('```')) {
      const close = input.indexOf('`', i + 1);
      const body = close > i + 1 ? input.slice(i + 1, close) : '';
      if (body && !body.includes('\n')) {
        entities.push({ type: EntityType.CODE, offset: text.length, length: body.length });
        text += body;
        i = close + 1;
        continue;
      }
    }
    const pair = PAIRS.find(([marker]) => rest.startsWith(marker));
    if (pair) {
      const [marker, type] = pair;
      const close = findClose(input, marker, i + marker.length);
      if (close > 0) {
        const inner = parseInline(input.slice(i + marker.length, close));
        appendShifted(text.length, inner, entities);
        entities.push({ type, offset: text.length, length: inner.text.length });
        text += inner.text;
        i = close + marker.length;
        continue;
      }
    }
    if (char === '[') {
      const link = LINK_RE.exec(rest);
      if (link) {
        const inner = parseInline(link[1] as string);
        appendShifted(text.length, inner, entities);
        entities.push({
          type: EntityType.TEXT_LINK,
          offset: text.length,
          length: inner.text.length,
          url: link[2],
        });
        text += inner.text;
        i += link[0].length;
        continue;
      }
    }
    text += char;
    i++;
  }
  return { text, entities: entities.filter((e) => e.length > 0) };
}

/** The closing marker: the next one after non-empty content that does not start or end with a space. */
function findClose(input: string, marker: string, from: number): number {
  if (/\s/.test(input[from] ?? ' ')) return -1;
  for (let at = input.indexOf(marker, from + 1); at > 0; at = input.indexOf(marker, at + 1)) {
    if (input[at - 1] === '\\') continue;
    if (!/\s/.test(input[at - 1] ?? ' ')) return at;
  }
  return -1;
}

function appendShifted(shift: number, inner: FormattedText, into: EntitySpan[]): void {
  for (const entity of inner.entities) into.push({ ...entity, offset: entity.offset + shift });
}

/** Drops leading and trailing white space, moving and clipping the entities with the text. */
export function trimFormatted({ text, entities }: FormattedText): FormattedText {
  const start = text.length - text.trimStart().length;
  const trimmed = text.trim();
  const end = start + trimmed.length;
  const moved = entities
    .map((e) => {
      const from = Math.max(e.offset, start);
      const to = Math.min(e.offset + e.length, end);
      return { ...e, offset: from - start, length: to - from };
    })
    .filter((e) => e.length > 0);
  return { text: trimmed, entities: moved };
}

/** Writes text and entities back as composer markup (for editing a sent message). */
export function toMarkup(text: string, entities: readonly EntitySpan[]): string {
  return serialize(buildEntityTree(text, entities));
}

function serialize(nodes: EntityNode[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') {
      out += escapeMarkup(node.text);
      continue;
    }
    const { entity } = node;
    switch (entity.type) {
      case EntityType.BOLD:
        out += `**${serialize(node.children)}**`;
        break;
      case EntityType.ITALIC:
        out += `__${serialize(node.children)}__`;
        break;
      case EntityType.STRIKETHROUGH:
        out += `~~${serialize(node.children)}~~`;
        break;
      case EntityType.CODE:
        out += `\`${node.text}\``;
        break;
      case EntityType.PRE:
        out += `\`\`\`${entity.language ? `${entity.language}\n` : '\n'}${node.text}\n\`\`\``;
        break;
      case EntityType.TEXT_LINK:
        out += `[${serialize(node.children)}](${entity.url ?? ''})`;
        break;
      case EntityType.URL:
        out += node.text;
        break;
      default:
        out += serialize(node.children);
    }
  }
  return out;
}

function escapeMarkup(text: string): string {
  // Links are copied verbatim by the parser: escaping inside them would change them.
  return text
    .split(/(https?:\/\/[^\s<>"']+)/)
    .map((part, i) =>
      i % 2 === 1 ? part : part.replace(/\\(?=[*_~`[\]\\])|\*\*|__|~~|`|\[/g, (m) => `\\${m}`),
    )
    .join('');
}
