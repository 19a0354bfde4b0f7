import { describe, expect, it } from 'vitest';
import { safeFileName } from './file-name.js';

describe('safeFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Windows\\system32\\evil.dll', 'evil.dll'],
    ['..', 'file'],
    ['', 'file'],
    ['.htaccess', 'htaccess'],
    ['photo\u202egpj.exe', 'photogpj.exe'],
    ['report\u0000.pdf', 'report.pdf'],
    ['name. ', 'name'],
    ['a<b>c:d"e|f?g*h.txt', 'abcdefgh.txt'],
    ['نامه\u200cی من.pdf', 'نامه\u200cی من.pdf'],
  ])('%j becomes %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it('shortens long names and keeps the extension', () => {
    const name = safeFileName(`${'x'.repeat(300)}.tar.gz`);
    expect(name.length).toBe(120);
    expect(name.endsWith('.gz')).toBe(true);
  });
});
