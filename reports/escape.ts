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

/** Text safe in a Markdown table cell that GitHub renders as HTML. */
export function escapeMarkdownCell(s: string): string {
  return s.replace(/[&<>]/g, (c) => HTML[c]).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
