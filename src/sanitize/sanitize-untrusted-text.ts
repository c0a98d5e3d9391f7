/**
 * Untrusted text (issue bodies, comments, repository files) reaches a model only through here.
 * Everything a person reading the issue on GitHub would not see is removed, because that is
 * exactly where injected instructions hide: HTML comments, invisible and bidi characters, image
 * alt text, link titles and elements GitHub renders hidden.
 */
export function sanitizeUntrustedText(text: string): string {
  let clean = text.normalize("NFC");
  clean = removeHtmlComments(clean);
  clean = removeHiddenElements(clean);
  clean = removeInvisibleCharacters(decodeInvisibleEntities(clean));
  clean = stripMarkdownHiddenParts(clean);
  clean = stripRemainingTags(clean);
  return clean
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function removeHtmlComments(text: string): string {
  // An unterminated comment hides everything after it on GitHub, so it goes too.
  return text.replace(/<!--[\s\S]*?(-->|$)/g, "");
}

const HIDING_ATTRIBUTE =
  /\s(hidden|aria-hidden\s*=\s*["']?true|style\s*=\s*["'][^"']*(display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0|opacity\s*:\s*0))/i;

function removeHiddenElements(text: string): string {
  let result = text;
  // Repeat so that nested hidden elements are all removed.
  for (let pass = 0; pass < 5; pass++) {
    const next = result.replace(
      /<([a-z][a-z0-9-]*)\b([^>]*)>[\s\S]*?<\/\1\s*>/gi,
      (element, _tag: string, attributes: string) =>
        HIDING_ATTRIBUTE.test(attributes) ? "" : element,
    );
    if (next === result) break;
    result = next;
  }
  return result.replace(/<[a-z][a-z0-9-]*\b[^>]*\/?>/gi, (tag) =>
    HIDING_ATTRIBUTE.test(tag) ? "" : tag,
  );
}

// Format characters (zero-width, bidi controls, tags), plus other invisible code points that
// \p{Cf} does not cover.
const INVISIBLE = /[\p{Cf}\u115F\u1160\u3164\uFFA0\u180E\u2800\u{E0000}-\u{E007F}]/gu;

function removeInvisibleCharacters(text: string): string {
  return text.replace(INVISIBLE, "");
}

function decodeInvisibleEntities(text: string): string {
  return text.replace(/&#(x[0-9a-f]+|\d+);/gi, (entity, code: string) => {
    const point =
      code.startsWith("x") || code.startsWith("X")
        ? Number.parseInt(code.slice(1), 16)
        : Number(code);
    const char = Number.isFinite(point) && point <= 0x10ffff ? String.fromCodePoint(point) : "";
    return char.replace(INVISIBLE, "") === "" ? "" : entity;
  });
}

function stripMarkdownHiddenParts(text: string): string {
  return (
    text
      // Images: keep that there was one, drop the alt text and title nobody reads.
      .replace(/!\[[^\]]*\]\(([^)\s]*)(\s+["'(][^)]*["')])?\)/g, "[image: $1]")
      // Inline links: keep text and target, drop the hover-only title.
      .replace(/\]\(([^)\s]+)\s+["'(][^)]*["')]\)/g, "]($1)")
      // Reference definitions: keep the target, drop the title.
      .replace(/^(\s{0,3}\[[^\]]+\]:\s*\S+)\s+["'(].*["')]\s*$/gm, "$1")
  );
}

const BLOCK_TAGS = new Set([
  "p",
  "div",
  "br",
  "li",
  "ul",
  "ol",
  "summary",
  "details",
  "tr",
  "table",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "pre",
]);

function stripRemainingTags(text: string): string {
  // Visible HTML keeps its text; the markup and its attributes (alt, title, data-*) go.
  return text.replace(/<\/?([a-z][a-z0-9-]*)\b[^>]*>/gi, (_tag, name: string) =>
    BLOCK_TAGS.has(name.toLowerCase()) ? "\n" : "",
  );
}
