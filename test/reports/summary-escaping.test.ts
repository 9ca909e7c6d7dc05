/**
 * summary.md neutralises Markdown link and image syntax and bare URLs in everything that
 * comes from a scenario or a service, so a scenario cannot put a live link or an image
 * beacon into a CI job summary; HTML escaping stays, and no character of the text is lost.
 */
import fc from 'fast-check';
import { buildResults } from '../../reports';
import { summaryMarkdown } from '../../reports/summary';
import { escapeMarkdownCell as text } from '../../reports/escape';
import { META, makeRecords, makeScenario } from './fixtures';

/** What a Markdown renderer shows for `text`'s output: escapes and character references undone. */
function shown(md: string): string {
  return md
    .replace(/\\([\\[\]|])/g, '$1')
    .replace(/&#58;/g, ':')
    .replace(/&#46;/g, '.')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

const hostile = fc.array(
  fc.oneof(
    fc.string(),
    fc.constantFrom('[x](javascript:alert(1))', '![](http://evil.example/beacon.png)', '[ref]: https://evil.example', '<https://evil.example>', 'www.evil.example', '\\[', '\\', '|', '\n', '<img src=x>', '&amp;'),
  ),
  { maxLength: 8 },
).map((parts) => parts.join(''));

describe('summary.md escaping', () => {
  it('leaves no live link, image, autolink or HTML, and loses no character', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const md = text(s);
        // Every bracket is escaped: an odd run of backslashes before it.
        for (const m of md.matchAll(/(\\*)[[\]]/g)) expect(m[1].length % 2).toBe(1);
        expect(md).not.toMatch(/:\/\/|www\.|[<>\n\r]/i);
        expect(shown(md)).toBe(s.replace(/\r?\n|\r/g, ' '));
      }),
    );
  });

  it('neutralises a scenario description and a service error in the written summary', () => {
    const records = makeRecords({ points: 1, replicates: 2, failures: [[0, 1]] });
    records[1].error = 'policy service said ![](http://evil.example/b.png) see [docs](javascript:alert(1))';
    const results = buildResults(makeScenario({ description: 'Try [this](http://evil.example) ![x](https://evil.example/p.gif)' }), records, META, { partial: false });
    const md = summaryMarkdown(results);
    expect(md).toContain('> Try \\[this\\](http&#58;//evil.example) !\\[x\\](https&#58;//evil.example/p.gif)');
    expect(md).toContain('policy service said !\\[\\](http&#58;//evil.example/b.png) see \\[docs\\](javascript:alert(1))');
    expect(md).not.toMatch(/[^\\]\]\(/);
  });
});
