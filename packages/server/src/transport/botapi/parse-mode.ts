import { create } from '@bufbuild/protobuf';
import { EntityType, type MessageEntity, MessageEntitySchema } from '@peyk/protocol';
import { badRequest } from './bot-api-error.js';

/** Text with its entities, offsets in UTF-16 units. */
export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

const cantParse = (detail: string) => badRequest(`can't parse entities: ${detail}`);

interface Open {
  type: EntityType | undefined;
  tag: string;
  offset: number;
  url?: string;
  language?: string;
}

const HTML_TAGS: Record<string, EntityType | undefined> = {
  b: EntityType.BOLD,
  strong: EntityType.BOLD,
  i: EntityType.ITALIC,
  em: EntityType.ITALIC,
  u: EntityType.UNDERLINE,
  ins: EntityType.UNDERLINE,
  s: EntityType.STRIKETHROUGH,
  strike: EntityType.STRIKETHROUGH,
  del: EntityType.STRIKETHROUGH,
  code: EntityType.CODE,
  pre: EntityType.PRE,
  a: EntityType.TEXT_LINK,
  // COMPAT: Peyk has no spoiler, blockquote or custom emoji entities: their text stays, unformatted.
  'tg-spoiler': undefined,
  span: undefined,
  blockquote: undefined,
  'tg-emoji': undefined,
};

const HTML_ESCAPES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Telegram's HTML parse mode. */
export function parseHtml(input: string): FormattedText {
  let text = '';
  const entities: MessageEntity[] = [];
  const open: Open[] = [];
  let i = 0;
  while (i < input.length) {
    const char = input[i] as string;
    if (char === '&') {
      const end = input.indexOf(';', i);
      const name = end > i ? input.slice(i + 1, end) : '';
      const decoded = decodeHtmlEntity(name);
      if (decoded === undefined) {
        text += '&';
        i++;
      } else {
        text += decoded;
        i = end + 1;
      }
      continue;
    }
    if (char !== '<') {
      text += char;
      i++;
      continue;
    }
    const end = input.indexOf('>', i);
    if (end < 0) throw cantParse(`Unclosed start tag at byte offset ${i}`);
    const body = input.slice(i + 1, end).trim();
    i = end + 1;
    if (body.startsWith('/')) {
      const name = body.slice(1).trim().toLowerCase();
      const last = open.pop();
      if (!last || last.tag !== name) throw cantParse(`Unmatched end tag "${name}"`);
      const length = text.length - last.offset;
      if (last.type !== undefined && length > 0) entities.push(entity(last, length));
      continue;
    }
    const name = (/^[a-zA-Z-]+/.exec(body)?.[0] ?? '').toLowerCase();
    if (!(name in HTML_TAGS)) throw cantParse(`Unsupported start tag "${name}"`);
    const attributes = body.slice(name.length);
    const item: Open = { type: HTML_TAGS[name], tag: name, offset: text.length };
    if (name === 'a') {
      const href = /href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))/i.exec(attributes);
      const url = decodeHtml(href?.[1] ?? href?.[2] ?? href?.[3] ?? '');
      const userId = /^tg:\/\/user\?id=(\d+)$/.exec(url)?.[1];
      if (userId) item.type = EntityType.TEXT_MENTION;
      item.url = userId ?? url;
      if (!url) item.type = undefined;
    }
    if (name === 'code') {
      const parent = open[open.length - 1];
      const language = /class\s*=\s*"language-([^"]+)"/.exec(attributes)?.[1];
      if (parent?.tag === 'pre' && language) {
        parent.language = language;
        item.type = undefined;
      }
    }
    open.push(item);
  }
  if (open.length > 0) throw cantParse(`Can't find end tag corresponding to start tag "${open[0]?.tag}"`);
  return { text, entities: sortEntities(entities) };
}

function decodeHtmlEntity(name: string): string | undefined {
  if (name in HTML_ESCAPES) return HTML_ESCAPES[name];
  const code = /^#(x[0-9a-f]+|\d+)$/i.exec(name)?.[1];
  if (!code) return undefined;
  const point = code[0] === 'x' || code[0] === 'X' ? Number.parseInt(code.slice(1), 16) : Number(code);
  return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : undefined;
}

function decodeHtml(value: string): string {
  return value.replace(/&([#a-zA-Z0-9]+);/g, (whole, name: string) => decodeHtmlEntity(name) ?? whole);
}

const MARKDOWN_RESERVED = '_*[]()~`>#+-=|{}.!';

/** Telegram's MarkdownV2 parse mode. */
export function parseMarkdownV2(input: string): FormattedText {
  let text = '';
  const entities: MessageEntity[] = [];
  const open: Open[] = [];
  let i = 0;
  const close = (tag: string) => {
    const last = open.pop() as Open;
    const length = text.length - last.offset;
    if (length > 0 && last.type !== undefined) entities.push(entity(last, length));
    return tag;
  };
  while (i < input.length) {
    const char = input[i] as string;
    if (char === '\\') {
      const next = input[i + 1];
      if (next === undefined)
        throw cantParse(`Character '\\' is reserved and must be escaped with the preceding '\\'`);
      text += next;
      i += 2;
      continue;
    }
    if (char === '`') {
      const fence = input.startsWith('```', i);
      const marker = fence ? '```' : '`';
      const end = findUnescaped(input, marker, i + marker.length);
      if (end < 0) throw cantParse(`Can't find end of ${fence ? 'Pre' : 'Code'} entity at byte offset ${i}`);
      let content = input.slice(i + marker.length, end);
      let language: string | undefined;
      if (fence) {
        const newline = content.indexOf('\n');
        if (newline >= 0 && /^[\w+#-]*$/.test(content.slice(0, newline))) {
          language = content.slice(0, newline) || undefined;
          content = content.slice(newline + 1);
        }
      }
      content = content.replace(/\\([`\\])/g, '$1');
      const item: Open = {
        type: fence ? EntityType.PRE : EntityType.CODE,
        tag: marker,
        offset: text.length,
        language,
      };
      text += content;
      if (content.length > 0) entities.push(entity(item, content.length));
      i = end + marker.length;
      continue;
    }
    const top = open[open.length - 1];
    if (char === ']' && top?.tag === '[') {
      if (input[i + 1] !== '(')
        throw cantParse(`Character ']' is reserved and must be escaped with the preceding '\\'`);
      const end = findUnescaped(input, ')', i + 2);
      if (end < 0) throw cantParse(`Can't find end of a URL at byte offset ${i}`);
      const url = input.slice(i + 2, end).replace(/\\([)\\])/g, '$1');
      const userId = /^tg:\/\/user\?id=(\d+)$/.exec(url)?.[1];
      top.type = userId ? EntityType.TEXT_MENTION : EntityType.TEXT_LINK;
      top.url = userId ?? url;
      close('[');
      i = end + 1;
      continue;
    }
    const marker = input.startsWith('__', i) ? '__' : input.startsWith('||', i) ? '||' : char;
    const types: Record<string, EntityType | undefined> = {
      '*': EntityType.BOLD,
      _: EntityType.ITALIC,
      __: EntityType.UNDERLINE,
      '~': EntityType.STRIKETHROUGH,
      // COMPAT: spoilers are kept as plain text.
      '||': undefined,
    };
    if (marker in types) {
      if (open.some((o) => o.tag === marker)) {
        if (top?.tag !== marker) throw cantParse(`Can't find end of ${marker} entity`);
        close(marker);
      } else open.push({ type: types[marker], tag: marker, offset: text.length });
      i += marker.length;
      continue;
    }
    if (char === '[') {
      open.push({ type: undefined, tag: '[', offset: text.length });
      i++;
      continue;
    }
    if (MARKDOWN_RESERVED.includes(char)) {
      throw cantParse(`Character '${char}' is reserved and must be escaped with the preceding '\\'`);
    }
    text += char;
    i++;
  }
  if (open.length > 0)
    throw cantParse(`Can't find end of the entity starting at byte offset ${open[0]?.offset}`);
  return { text, entities: sortEntities(entities) };
}

function findUnescaped(input: string, marker: string, from: number): number {
  for (let i = from; i < input.length; i++) {
    if (input[i] === '\\') i++;
    else if (input.startsWith(marker, i)) return i;
  }
  return -1;
}

function entity(open: Open, length: number): MessageEntity {
  return create(MessageEntitySchema, {
    type: open.type,
    offset: open.offset,
    length,
    url: open.type === EntityType.TEXT_LINK ? (open.url ?? '') : '',
    userId: open.type === EntityType.TEXT_MENTION ? (open.url ?? '0') : '0',
    language: open.type === EntityType.PRE ? (open.language ?? '') : '',
  });
}

/** Telegram lists entities by offset, outer ones first. */
function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
}
