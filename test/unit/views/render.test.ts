/**
 * Rendering from templates compiled ahead of time (infra/tools/precompile-views.ts), as a Lambda
 * function renders them: Nunjucks' slim runtime, GOV.UK's macros resolved by relative name.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { precompileViews } from '../../../infra/tools/precompile-views.js';
import { resetConfig } from '../../../shared/config.js';
import { render, renderEmail } from '../../../shared/views/render.js';

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'scrutiny-views-'));
  expect(precompileViews(dir)).toBeGreaterThan(100); // ours and GOV.UK Frontend's
  process.env.VIEWS_DIR = dir;
  resetConfig();
});

const submitted = (title: string) =>
  render('paper-submitted.njk', {
    request: { title, dueDate: '2021-11-15', author: { name: 'A', email: 'a@example.org' } },
    paper: { number: 2, submittedAt: '2021-11-12T10:00:00.000Z', pointsCovered: [1], pointsTotal: 2 },
    link: '/papers/x',
  });

describe('render', () => {
  it('renders a page through the GOV.UK layout and macros, escaping what it is given', () => {
    const html = submitted('Road <Safety>');
    expect(html).toContain('<title>Paper submitted: Road &lt;Safety&gt; – Community Outcomes Meeting</title>');
    expect(html).toContain('class="govuk-panel govuk-panel--confirmation"');
    // The panel's html is trimmed by GOV.UK's macro and stays unescaped markup (a safe string).
    expect(html).toMatch(/Version 2 of<br><strong>Road &lt;Safety&gt;<\/strong>/);
    expect(html).toContain('Friday 12 November 2021 at 10am');
  });

  it('trims a long run of spaces in linear time (Nunjucks\' own trim is quadratic: this took minutes)', () => {
    const gap = ' '.repeat(300_000);
    expect(submitted(`Road${gap}Safety`)).toContain(`<strong>Road${gap}Safety</strong>`);
  });

  it('renders an email as subject, text and HTML, the text without HTML escaping', () => {
    const mail = renderEmail('question-received', {
      question: { reference: 'COM-20211207-001' },
      meeting: { title: 'Community Outcomes Meeting', start: '2021-12-07T14:00:00.000Z', place: 'Wellington House', deadlines: { questionDeadline: '2021-11-30' } },
      retentionMonths: 12,
      forgetLink: 'http://localhost:3000/forget',
      privacyLink: 'http://localhost:3000/privacy',
    });
    expect(mail.subject).toBe('Your question for the Community Outcomes Meeting on Tuesday 7 December 2021: COM-20211207-001');
    expect(mail.text).toContain('Your reference is COM-20211207-001.');
    expect(mail.text).toContain('http://localhost:3000/forget');
    expect(mail.html).toContain('<a href="http://localhost:3000/forget">');
  });

  it('names a template that does not exist', () => {
    expect(() => render('no-such-page.njk', {})).toThrow(/no-such-page\.njk/);
  });
});
