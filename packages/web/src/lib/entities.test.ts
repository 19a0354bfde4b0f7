import { EntityType } from '@peyk/protocol';
import type { ComponentChild, VNode } from 'preact';
import { describe, expect, it } from 'vitest';
import { buildEntityTree, detectEntities, type EntityNode } from './entities';
import { renderEntities } from './render-entities';

/** Renders vnodes to HTML, enough to compare output in tests. */
function html(children: ComponentChild | ComponentChild[]): string {
  if (Array.isArray(children)) return children.map(html).join('');
  if (children === null || children === undefined || typeof children === 'boolean') return '';
  if (typeof children !== 'object') return String(children);
  const node = children as VNode<Record<string, unknown>>;
  const props = node.props;
  const attrs = Object.entries(props)
    .filter(([key, value]) => key !== 'children' && typeof value === 'string')
    .map(([key, value]) => ` ${key}="${value}"`)
    .join('');
  return `<${node.type}${attrs}>${html(props.children as ComponentChild)}</${node.type}>`;
}

const shape = (nodes: EntityNode[]): unknown[] =>
  nodes.map((node) => (node.kind === 'text' ? node.text : { [node.entity.type]: shape(node.children) }));

describe('buildEntityTree', () => {
  it('keeps plain text whole', () => {
    expect(shape(buildEntityTree('hello', []))).toEqual(['hello']);
  });

  it('nests an entity inside another', () => {
    const tree = buildEntityTree('bold and link', [
      { type: EntityType.BOLD, offset: 0, length: 13 },
      { type: EntityType.TEXT_LINK, offset: 9, length: 4, url: 'https://peyk.example' },
    ]);
    expect(shape(tree)).toEqual([{ [EntityType.BOLD]: ['bold and ', { [EntityType.TEXT_LINK]: ['link'] }] }]);
  });

  it('splits an entity that crosses the end of another', () => {
    // "abcdef": bold 0..4, italic 2..6 → <b>ab<i>cd</i></b><i>ef</i>
    const tree = buildEntityTree('abcdef', [
      { type: EntityType.BOLD, offset: 0, length: 4 },
      { type: EntityType.ITALIC, offset: 2, length: 4 },
    ]);
    expect(shape(tree)).toEqual([
      { [EntityType.BOLD]: ['ab', { [EntityType.ITALIC]: ['cd'] }] },
      { [EntityType.ITALIC]: ['ef'] },
    ]);
  });

  it('puts the link outside the bold when both cover the same text', () => {
    const tree = buildEntityTree('x', [
      { type: EntityType.BOLD, offset: 0, length: 1 },
      { type: EntityType.TEXT_LINK, offset: 0, length: 1, url: 'https://a.example' },
    ]);
    expect(shape(tree)).toEqual([{ [EntityType.TEXT_LINK]: [{ [EntityType.BOLD]: ['x'] }] }]);
  });

  it('counts UTF-16 code units: an emoji is two', () => {
    const text = '😀 bold';
    const tree = buildEntityTree(text, [{ type: EntityType.BOLD, offset: 3, length: 4 }]);
    expect(shape(tree)).toEqual(['😀 ', { [EntityType.BOLD]: ['bold'] }]);
  });

  it('drops entities outside the text and clips long ones', () => {
    const tree = buildEntityTree('abc', [
      { type: EntityType.BOLD, offset: 5, length: 2 },
      { type: EntityType.ITALIC, offset: 1, length: 10 },
      { type: EntityType.CODE, offset: 0, length: 0 },
    ]);
    expect(shape(tree)).toEqual(['a', { [EntityType.ITALIC]: ['bc'] }]);
  });
});

describe('renderEntities', () => {
  it('renders formatting, links, mentions and hashtags as elements', () => {
    const text = 'سلام **x** @sara_1 #پیک https://peyk.example';
    const out = html(
      renderEntities(text, [
        { type: EntityType.BOLD, offset: 5, length: 5 },
        { type: EntityType.MENTION, offset: 11, length: 7 },
        { type: EntityType.HASHTAG, offset: 19, length: 4 },
        { type: EntityType.URL, offset: 24, length: 20 },
      ]),
    );
    expect(out).toBe(
      'سلام <strong>**x**</strong> <a href="#/" class="mention" dir="ltr">@sara_1</a> ' +
        '<a href="#/" class="hashtag">#پیک</a> ' +
        '<a href="https://peyk.example" target="_blank" rel="noopener noreferrer" class="link">https://peyk.example</a>',
    );
  });

  it('renders code left to right and refuses unsafe link targets', () => {
    const out = html(
      renderEntities('run it now', [
        { type: EntityType.CODE, offset: 0, length: 3 },
        { type: EntityType.TEXT_LINK, offset: 7, length: 3, url: 'javascript:alert(1)' },
      ]),
    );
    expect(out).toBe('<code dir="ltr">run</code> it <span>now</span>');
  });
});

describe('detectEntities', () => {
  it('finds links, mentions and hashtags with UTF-16 offsets', () => {
    const text = 'ببین @ali_reza و #خبر_فوری https://a.example/x.';
    const found = detectEntities(text);
    expect(found.map((e) => [e.type, text.slice(e.offset, e.offset + e.length)])).toEqual([
      [EntityType.MENTION, '@ali_reza'],
      [EntityType.HASHTAG, '#خبر_فوری'],
      [EntityType.URL, 'https://a.example/x'],
    ]);
  });

  it('skips e-mail addresses, short names and taken ranges', () => {
    expect(detectEntities('mail me at sara@peyk.example, @abc')).toEqual([]);
    expect(detectEntities('#tag', [{ type: EntityType.CODE, offset: 0, length: 4 }])).toEqual([]);
  });
});
