/** Email through SES (the SES emulator locally): a plain-text and an HTML part, safe headers. */
import { sesClient } from '../aws/clients.js';
import { config } from '../config.js';
import { renderEmail } from '../views/render.js';

export interface Recipient {
  name: string;
  email: string;
}

/**
 * A display name can never break out of its header: control characters, quotes, angle brackets and
 * backslashes are dropped, and non-ASCII names are sent as an RFC 2047 encoded word.
 */
export function address(r: Recipient): string {
  const name = r.name.replace(/[\u0000-\u001f\u007f"<>\\]/g, ' ').replace(/\s+/g, ' ').trim();
  const email = r.email.replace(/[\r\n<>]/g, '');
  if (!name) return email;
  const encoded = /^[\x20-\x7e]*$/.test(name) ? `"${name}"` : `=?UTF-8?B?${Buffer.from(name).toString('base64')}?=`;
  return `${encoded} <${email}>`;
}

export interface Email {
  to: Recipient[];
  cc?: Recipient[];
  /** Template name under shared/views/email/: `<name>.subject.njk`, `.text.njk`, `.html.njk`. */
  template: string;
  data: Record<string, unknown>;
}

export async function sendEmail(email: Email): Promise<{ messageId: string }> {
  const { subject, text, html } = renderEmail(email.template, email.data);
  const { SendEmailCommand } = await import('@aws-sdk/client-ses'); // loaded on first use (shared/aws/clients.ts)
  const configurationSet = config().SES_CONFIGURATION_SET;
  const out = await (await sesClient()).send(
    new SendEmailCommand({
      Source: config().MAIL_FROM,
      // Bounces and complaints of this email reach record-mail-event through the set's event destination.
      ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
      Destination: { ToAddresses: email.to.map(address), CcAddresses: email.cc?.map(address) },
      Message: {
        Subject: { Data: subject.replace(/[\r\n]+/g, ' ').trim(), Charset: 'UTF-8' },
        Body: { Text: { Data: text, Charset: 'UTF-8' }, Html: { Data: html, Charset: 'UTF-8' } },
      },
    }),
  );
  return { messageId: out.MessageId ?? '' };
}
