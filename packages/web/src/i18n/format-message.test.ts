import { describe, expect, it } from 'vitest';
import { formatMessage, type MessageLocale, parseMessage } from './format-message';

function locale(language: string, numberingSystem = 'latn'): MessageLocale {
  const rules = new Intl.PluralRules(language);
  const numbers = new Intl.NumberFormat(`${language}-u-nu-${numberingSystem}`);
  return { plural: (n) => rules.select(n), number: (n) => numbers.format(n) };
}

describe('formatMessage', () => {
  it('fills arguments', () => {
    expect(formatMessage('Hello {name}!', { name: 'Sara' }, locale('en'))).toBe('Hello Sara!');
  });

  it('picks English plural forms and exact matches', () => {
    const message = '{n, plural, =0 {no messages} one {# message} other {# messages}}';
    expect(formatMessage(message, { n: 0 }, locale('en'))).toBe('no messages');
    expect(formatMessage(message, { n: 1 }, locale('en'))).toBe('1 message');
    expect(formatMessage(message, { n: 1234 }, locale('en'))).toBe('1,234 messages');
  });

  it('picks Russian one/few/many', () => {
    const message = '{n, plural, one {# участник} few {# участника} many {# участников} other {# участника}}';
    const ru = locale('ru');
    expect([1, 2, 5, 21, 22, 25].map((n) => formatMessage(message, { n }, ru))).toEqual([
      '1 участник',
      '2 участника',
      '5 участников',
      '21 участник',
      '22 участника',
      '25 участников',
    ]);
  });

  it('picks Arabic forms with Arabic digits', () => {
    const message =
      '{n, plural, zero {لا أعضاء} one {عضو واحد} two {عضوان} few {# أعضاء} many {# عضوًا} other {# عضو}}';
    const ar = locale('ar', 'arab');
    expect([0, 1, 2, 3, 11, 100].map((n) => formatMessage(message, { n }, ar))).toEqual([
      'لا أعضاء',
      'عضو واحد',
      'عضوان',
      '٣ أعضاء',
      '١١ عضوًا',
      '١٠٠ عضو',
    ]);
  });

  it('writes numbers in Persian digits for fa', () => {
    expect(formatMessage('{count, plural, other {# پیام}}', { count: 25 }, locale('fa', 'arabext'))).toBe(
      '۲۵ پیام',
    );
    expect(formatMessage('{online} برخط', { online: 3 }, locale('fa', 'arabext'))).toBe('۳ برخط');
  });

  it('nests arguments inside plural options, and selects', () => {
    const message = '{count, plural, one {{name} is typing…} other {# people are typing…}}';
    expect(formatMessage(message, { count: 1, name: 'Ali' }, locale('en'))).toBe('Ali is typing…');
    expect(formatMessage(message, { count: 3, name: 'Ali' }, locale('en'))).toBe('3 people are typing…');
    const select = '{kind, select, group {a group} other {a chat}}';
    expect(formatMessage(select, { kind: 'group' }, locale('en'))).toBe('a group');
    expect(formatMessage(select, { kind: 'x' }, locale('en'))).toBe('a chat');
  });

  it('refuses broken messages', () => {
    expect(() => parseMessage('{count, plural, one {x}}')).toThrow(/other/);
    expect(() => parseMessage('{name')).toThrow();
    expect(() => parseMessage('a } b')).toThrow();
  });
});
