// Holder stances and evidence links on a passage's span list (pure: lists in, lists out).
// A span is {start, end, label[, stance][, holder: {start, end}]}, keys in the server's
// order, so a list built here compares equal to the one the server sends back.

export const HOLDER = 'holder';
export const EVIDENCE = 'evidence';

/** A span's identity in the page: label and offsets (unique within a passage's set). */
export const spanKey = (s) => `${s.label}:${s.start}:${s.end}`;

const sameRange = (a, b) => Boolean(a && b) && a.start === b.start && a.end === b.end;

/** A span with exactly the given stance and holder (null: none), keys in order. */
export function withLink(span, stance, holder) {
  const out = { start: span.start, end: span.end, label: span.label };
  if (stance) out.stance = stance;
  if (holder) out.holder = { start: holder.start, end: holder.end };
  return out;
}

/** The holder spans of a list in text order: their position + 1 is the number shown. */
export function holders(spans) {
  return spans.filter((s) => s.label === HOLDER);
}

/** The number (1, 2, …) of the holder span at this range, or 0. */
export function holderNumber(spans, range) {
  return holders(spans).findIndex((h) => sameRange(h, range)) + 1;
}

/** Set (or, given the stance it has, clear) a holder span's own stance. */
export function toggleStance(spans, key, stance) {
  return spans.map((s) => (spanKey(s) !== key ? s
    : withLink(s, s.stance === stance ? null : stance, s.holder)));
}

/** Link an evidence span to a holder span, or unlink it if it is linked there already. */
export function toggleLink(spans, evidenceKey, holder) {
  return spans.map((s) => {
    if (spanKey(s) !== evidenceKey) return s;
    return withLink(s, s.stance, holder && !sameRange(s.holder, holder) ? holder : null);
  });
}

/** Remove a span; evidence linked to a removed holder loses its link. */
export function removeSpan(spans, key) {
  const gone = spans.find((s) => spanKey(s) === key);
  return spans.filter((s) => s !== gone).map((s) => (
    gone && gone.label === HOLDER && sameRange(s.holder, gone) ? withLink(s, s.stance, null) : s
  ));
}
