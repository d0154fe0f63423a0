/** Reading the pages the app renders: their text, and the values of attributes. */

/** An attribute value or text as a browser reads it: the entities Nunjucks escapes, decoded. */
export const unescapeHtml = (s: string) =>
  s
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The page's text without scripts and tags, entities decoded, whitespace collapsed: for readable assertions. */
export const text = (html: string) => unescapeHtml(html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
