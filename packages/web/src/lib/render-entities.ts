import { EntityType } from '@peyk/protocol';
import { type ComponentChild, h } from 'preact';
import { buildEntityTree, type EntityNode, type EntitySpan } from './entities';

/** What clicks on mentions and hashtags do (links open in a new tab by themselves). */
export interface EntityHandlers {
  onMention?: (username: string) => void;
  onUserMention?: (userId: string) => void;
  onHashtag?: (tag: string) => void;
}

const SAFE_URL = /^(https?:\/\/|tg:)/i;

/** Renders text with entities as elements: bold, italic, code, links, mentions, hashtags. */
export function renderEntities(
  text: string,
  entities: readonly EntitySpan[],
  handlers: EntityHandlers = {},
): ComponentChild[] {
  return buildEntityTree(text, entities).map((node, i) => renderNode(node, handlers, i));
}

function renderNode(node: EntityNode, handlers: EntityHandlers, key: number): ComponentChild {
  if (node.kind === 'text') return node.text;
  const children = node.children.map((child, i) => renderNode(child, handlers, i));
  const { entity } = node;
  switch (entity.type) {
    case EntityType.BOLD:
      return h('strong', { key }, children);
    case EntityType.ITALIC:
      return h('em', { key }, children);
    case EntityType.UNDERLINE:
      return h('u', { key }, children);
    case EntityType.STRIKETHROUGH:
      return h('s', { key }, children);
    case EntityType.CODE:
      return h('code', { key, dir: 'ltr' }, node.text);
    case EntityType.PRE:
      return h(
        'pre',
        { key, dir: 'ltr' },
        h('code', { class: entity.language ? `language-${entity.language}` : undefined }, node.text),
      );
    case EntityType.URL:
    case EntityType.TEXT_LINK: {
      const href = entity.type === EntityType.URL ? node.text : (entity.url ?? '');
      if (!SAFE_URL.test(href)) return h('span', { key }, children);
      return h('a', { key, href, target: '_blank', rel: 'noopener noreferrer', class: 'link' }, children);
    }
    case EntityType.MENTION: {
      const username = node.text.replace(/^@/, '');
      return h(
        'a',
        {
          key,
          href: `#/`,
          class: 'mention',
          dir: 'ltr',
          onClick: click(() => handlers.onMention?.(username)),
        },
        children,
      );
    }
    case EntityType.TEXT_MENTION:
      return h(
        'a',
        {
          key,
          href: `#/`,
          class: 'mention',
          onClick: click(() => handlers.onUserMention?.(entity.userId ?? '')),
        },
        children,
      );
    case EntityType.HASHTAG:
      return h(
        'a',
        { key, href: `#/`, class: 'hashtag', onClick: click(() => handlers.onHashtag?.(node.text)) },
        children,
      );
    default:
      return h('span', { key }, children);
  }
}

function click(action: () => void) {
  return (event: Event) => {
    event.preventDefault();
    event.stopPropagation();
    action();
  };
}
