import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { htmlToLines, MAX_MINUTES_BYTES, minutesText } from '../../../shared/documents/minutes-file';
import { parseMinutes } from '../../../shared/domain/minutes-import';
import { comparable } from '../../support/minutes-import';
import { lyingZip, zipBomb, zipWithoutDocument } from '../../support/zip';

const fixture = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url));
const seeds = ['com-2015-08-04-minutes', 'com-2018-06-19-minutes', 'com-2021-09-14-minutes-and-dec-2021-papers', 'com-2021-12-07-minutes'];

describe('a .docx of each seed gives the same proposal as its text', () => {
  it.each(seeds)('%s', async (name) => {
    const fromText = parseMinutes(fixture(`seeds/${name}.txt`).toString('utf8')).proposal;
    const fromDocx = parseMinutes(await minutesText(fixture(`minutes/${name}.docx`), { filename: `${name}.docx` })).proposal;
    expect(comparable(fromDocx)).toEqual(comparable(fromText));
  });
});

describe('htmlToLines', () => {
  it('reads paragraphs, headings, bold, lists and numbered lists as the parser expects', () => {
    const html = '<h1>Minutes</h1><p>Date: <strong>4 May 2021</strong></p><ul><li>a) One</li><li>b) Two</li></ul><ol><li>Welcome</li><li>Urgent items</li></ol><p>A &amp; B<br />C</p>';
    expect(htmlToLines(html)).toBe('## Minutes\n\nDate: **4 May 2021**\n\n- a) One\n- b) Two\n\n- 1. Welcome\n- 2. Urgent items\n\nA & B\nC');
  });
});

describe('files that are refused', () => {
  it('a ZIP bomb (declared sizes): 400 before anything is inflated', async () => {
    await expect(minutesText(zipBomb(), { filename: 'minutes.docx' })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/ZIP bomb/) });
  });
  it('a ZIP whose part unpacks to more than it declares: 400', async () => {
    await expect(minutesText(lyingZip(), { filename: 'minutes.docx' })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/more than the size it declares/) });
  });
  it('a ZIP without word/document.xml: 400 naming the missing part', async () => {
    await expect(minutesText(zipWithoutDocument(), { filename: 'minutes.docx' })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/word\/document\.xml/) });
  });
  it('a PDF: 415', async () => {
    await expect(minutesText(fixture('road-safety.pdf'), { filename: 'minutes.pdf' })).rejects.toMatchObject({ status: 415 });
  });
  it('binary that is not text: 415', async () => {
    await expect(minutesText(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 0xff]), { filename: 'minutes.png' })).rejects.toMatchObject({ status: 415 });
  });
  it('over 4 MB: 413', async () => {
    await expect(minutesText(Buffer.alloc(MAX_MINUTES_BYTES + 1, 0x41), { filename: 'minutes.txt' })).rejects.toMatchObject({ status: 413 });
  });
});
