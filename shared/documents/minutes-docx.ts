/**
 * The minutes as a Word document (issue 13 §2: offices circulate Word), made with `docx`. Only the
 * two download functions import this module (the bundle test lists them as document functions).
 * It takes the minutes as the pages show them (shared/app/minutes.ts `minutesModel`), so the page,
 * the print view and the document say the same.
 */
import { Document, ExternalHyperlink, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { MinutesModel } from '../app/minutes.js';

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) => new Paragraph({ text, heading: level });
const para = (text: string) => new Paragraph({ children: [new TextRun(text)] });
const bullet = (text: string) => new Paragraph({ text, bullet: { level: 0 } });
const link = (text: string, href: string) => new Paragraph({ children: [new ExternalHyperlink({ link: href, children: [new TextRun({ text, style: 'Hyperlink' })] })] });

/** `baseUrl`: where the public site is, for the links to papers. */
export async function minutesDocx(model: MinutesModel, baseUrl: string): Promise<Buffer> {
  const children: Paragraph[] = [
    heading(`${model.title}: minutes`, HeadingLevel.TITLE),
    para(`${model.date}, ${model.place}`),
    new Paragraph({ children: [new TextRun({ text: model.statusLine, bold: true })] }),
  ];
  for (const group of model.attendance) {
    if (!group.lines.length) continue;
    children.push(heading(group.heading, HeadingLevel.HEADING_2), ...group.lines.map(bullet));
  }
  if (model.recordingUrl) children.push(link('Recording of the meeting', model.recordingUrl));
  for (const item of model.items) {
    children.push(heading(`${item.number}. ${item.title}`, HeadingLevel.HEADING_2));
    if (item.recordingHref) children.push(link(`In the recording at ${item.recordingAt}`, item.recordingHref));
    if (item.paper?.published) children.push(link(`Paper: ${item.paper.title}`, `${baseUrl}/meetings/${model.meetingId}/papers/${item.paper.requestId}`));
    for (const block of item.blocks) {
      if (block.kind === 'paragraph') children.push(para(block.text));
      else children.push(...block.items.map(bullet));
    }
    for (const a of item.actions) children.push(new Paragraph({ children: [new TextRun({ text: 'Action – ', bold: true }), new TextRun(`${a.text} (${a.owner}${a.targetDate ? `, by ${a.targetDate}` : ''})`)] }));
    if (item.futureItems) {
      children.push(...model.futureItems.map((f) => bullet(f.title)));
      if (model.futureItemsNote) children.push(para(model.futureItemsNote));
    }
  }
  const doc = new Document({ title: `${model.title}, ${model.date}: minutes`, creator: model.title, sections: [{ children }] });
  return Packer.toBuffer(doc);
}
