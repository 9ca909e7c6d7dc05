/**
 * Escaping for the markups reports write: HTML text and attributes, XML (JUnit), Markdown
 * table cells (summary.md), and JSON embedded in a <script> element (which must not be able to close it).
 */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML[c]);
}

/** XML 1.0 forbids most control characters even as references, so they are dropped. */
export function escapeXml(s: string): string {
  return escapeHtml(s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ''));
}

/**
 * JSON for `<script type="application/json">`: every `<` becomes `\u003c`, so neither
 * `</script>` nor `<!--` can appear; U+2028/9 are escaped for older parsers. JSON.parse reads it unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * Text from a scenario or a service, safe in a Markdown table cell that GitHub renders as
 * HTML: HTML-escaped; brackets backslash-escaped, so `[x](javascript:…)` and `![](http://…)`
 * stay text rather than a live link or an image beacon; and `://` and `www.` written as
 * character references, so no bare URL becomes an autolink.
 */
export function escapeMarkdownCell(s: string): string {
  return s
    .replace(/[&<>]/g, (c) => HTML[c])
    .replace(/[\\[\]|]/g, (c) => `\\${c}`)
    .replace(/:\/\//g, '&#58;//')
    .replace(/www\./gi, (m) => `${m.slice(0, 3)}&#46;`)
    .replace(/\r?\n|\r/g, ' ');
}
