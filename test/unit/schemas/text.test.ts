import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { text, typeable } from '../../../shared/schemas/common.js';

describe('text fields refuse what nobody types', () => {
  const title = text('the title', 200);

  it.each([['\u0000'], ['\u0007'], ['\u001b[31m'], ['\u007f'], ['\u0085'], ['\ud800'], ['\udfff'], ['\ufffe'], ['\ufdd0']])('refuses %j', (bad) => {
    const result = title.safeParse(`Road ${bad} Safety`);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('The title contains characters that cannot be used (control characters or broken ones): type or paste it again');
  });

  it('keeps tabs, line breaks, other scripts, bidi marks, joiners, combining marks and emoji', () => {
    for (const ok of ['a\tb', 'a\r\nb', 'سلامتی سڑک', 'A62\u200f', 'ی\u200cی', '👩\u200d👧', 'e\u0301', '\u{1F600}', 'İstanbul ß ﬁ']) {
      expect(title.safeParse(ok).success, JSON.stringify(ok)).toBe(true);
    }
  });

  it('any string of well-formed, non-control characters is typeable', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const clean = s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff]/g, '');
        expect(typeable(clean)).toBe(true);
      }),
    );
  });
});
