// Offsets for spans. The server counts Unicode code points; the DOM counts UTF-16 units.
// Everything here converts between the two explicitly, so 𠮷 or an emoji round-trips.

/** The UTF-16 index at which each code point starts, plus the text length at the end. */
export function codePointStarts(text) {
  const starts = [];
  let unit = 0;
  for (const ch of text) {
    starts.push(unit);
    unit += ch.length;
  }
  starts.push(unit);
  return starts;
}

/**
 * The code point offset for a UTF-16 offset. An offset inside a surrogate pair is moved
 * outward: back for a start, forward for an end, so the character stays whole.
 */
export function unitsToCodePoints(starts, units, isEnd) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {  // first code point whose start is >= units
    const mid = (lo + hi) >> 1;
    if (starts[mid] < units) lo = mid + 1; else hi = mid;
  }
  if (starts[lo] === units) return lo;
  return isEnd ? lo : lo - 1;
}

/** The substring between two code point offsets. */
export function sliceCodePoints(text, starts, start, end) {
  return text.slice(starts[start], starts[end]);
}

/** UTF-16 offset of a DOM boundary point, counted from the start of `container`'s text. */
function unitsBefore(container, node, offset) {
  if (!container.contains(node)) {
    // A boundary outside the passage text is clamped to its nearer end.
    const position = container.compareDocumentPosition(node);
    return position & Node.DOCUMENT_POSITION_PRECEDING ? 0 : container.textContent.length;
  }
  const range = document.createRange();
  range.setStart(container, 0);
  range.setEnd(node, offset);
  // Range text counts every text node inside, so highlight elements do not disturb it.
  return range.toString().length;
}

/** The code point range a DOM range covers inside a passage text element. */
export function rangeToOffsets(container, range, starts) {
  const a = unitsBefore(container, range.startContainer, range.startOffset);
  const b = unitsBefore(container, range.endContainer, range.endOffset);
  return {
    start: unitsToCodePoints(starts, Math.min(a, b), false),
    end: unitsToCodePoints(starts, Math.max(a, b), true),
  };
}

/** The passage text element a selection lies in, or the reason it cannot be marked. */
export function selectionInText(selection) {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
    return { error: 'select_first' };
  }
  const range = selection.getRangeAt(0);
  const textOf = (node) => {
    const el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return el?.closest('[data-role="text"]') || null;
  };
  const first = textOf(range.startContainer);
  const last = textOf(range.endContainer);
  if (!first && !last) return { error: 'select_inside' };
  if (first && last && first !== last) return { error: 'select_inside', near: first };
  const textEl = first || last;
  // One end may stray outside the text (a triple click, a drag past the end): it is clamped,
  // unless the selection takes in another passage's number, heading or text. Clamping that
  // would save a span the editor never meant, so it is refused like a drag across two texts.
  if (selectsBeyondPassage(textEl.closest('[data-passage-id]'), range)) {
    return { error: 'select_inside', near: textEl };
  }
  return { textEl, range };
}

/** Whether `range` covers any text outside the passage element `own`. */
function selectsBeyondPassage(own, range) {
  const inside = document.createRange();
  inside.selectNodeContents(own);
  if (range.compareBoundaryPoints(Range.START_TO_START, inside) > 0) {
    inside.setStart(range.startContainer, range.startOffset);
  }
  if (range.compareBoundaryPoints(Range.END_TO_END, inside) < 0) {
    inside.setEnd(range.endContainer, range.endOffset);
  }
  // A triple click ends at the very start of the next passage and selects none of its text.
  const visible = (r) => r.toString().replace(/\s+/gu, '');
  return visible(range) !== visible(inside);
}

/** The code point range to mark: trimmed, and widened to whole tokens unless `exact`. */
export function spanOffsets(textEl, range, passage, exact) {
  let { start, end } = rangeToOffsets(textEl, range, passage.starts);
  ({ start, end } = trimRange(passage.chars, start, end));
  if (!exact) ({ start, end } = snapToTokens(passage.tokens, start, end));
  return { start, end };
}

/** Drop white space at both ends of a code point range. */
export function trimRange(chars, start, end) {
  while (start < end && /\s/u.test(chars[start])) start += 1;
  while (end > start && /\s/u.test(chars[end - 1])) end -= 1;
  return { start, end };
}

/** Widen a range to the boundaries of the tokens it touches. */
export function snapToTokens(tokens, start, end) {
  let s = start;
  let e = end;
  for (const [ts, te] of tokens) {
    if (ts <= start && start < te) s = ts;
    if (ts < end && end <= te) e = te;
  }
  return { start: s, end: e };
}

/**
 * Render text with span highlights and cue underlines as text nodes and <span>s.
 * `cueTitle` gets the cues ([start, end, word, label]) covering a piece. A span may carry
 * `stance` (coloured), `selected` (outlined) and `mark` (shown after its last piece by
 * CSS from a data attribute, so the text's offsets never count it).
 * Only textContent is set, so passage text never becomes markup.
 */
export function renderText(el, text, starts, spans, cues, cueTitle) {
  const cps = starts.length - 1;
  const cuts = new Set([0, cps]);
  for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
  for (const [s, e] of cues) { cuts.add(s); cuts.add(e); }
  const points = [...cuts].filter((n) => n >= 0 && n <= cps).sort((x, y) => x - y);
  const fragment = document.createDocumentFragment();
  for (let i = 0; i + 1 < points.length; i += 1) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = sliceCodePoints(text, starts, a, b);
    const covering = spans.filter((s) => s.start <= a && b <= s.end);
    const cued = cues.filter(([s, e]) => s <= a && b <= e);
    if (!covering.length && !cued.length) {
      fragment.append(document.createTextNode(piece));
      continue;
    }
    const seg = document.createElement('span');
    seg.textContent = piece;
    if (covering.length) decorate(seg, covering, b);
    if (cued.length) {
      seg.classList.add('cue');
      seg.title = cueTitle(cued);
    }
    fragment.append(seg);
  }
  el.replaceChildren(fragment);
}

function decorate(seg, covering, end) {
  seg.classList.add('hl');  // any span label, even one a schema adds later
  for (const label of new Set(covering.map((s) => s.label))) seg.classList.add(`hl-${label}`);
  for (const s of covering) {
    if (s.stance) seg.classList.add(`hl-stance-${s.stance}`);
    if (s.selected) seg.classList.add('is-selected');
  }
  seg.dataset.spans = covering.map((s) => s.key).filter(Boolean).join(' ');
  const marks = covering.filter((s) => s.mark && s.end === end).map((s) => s.mark);
  if (marks.length) seg.dataset.mark = marks.join(' ');
}
