// The page sends every passage's text but the data for tagging it (word tokens, cues, the
// editor's labels and note) only for the passages around the one it opens on. The others get
// theirs a window at a time: before the editor scrolls to them, or when a key, a link or the
// next-passage button goes there.

import { getJSON } from './api.js';
import { codePointStarts } from './spans.js';

const BEFORE = 10;
const AFTER = 30;
const RETRY_MS = 3000;

/** The page's passages from its markup, in reading order, none of them loaded yet. */
export function pagePassages() {
  const passages = new Map();
  const order = [];
  for (const el of document.querySelectorAll('.passages [data-passage-id]')) {
    const p = {
      id: Number(el.dataset.passageId),
      index: Number(el.dataset.index),
      kind: el.dataset.kind,
      el,
      loaded: false,
    };
    passages.set(p.id, p);
    order.push(p);
  }
  return { passages, order };
}

/** Give a passage its data and its copy of the page's label controls (slots come after). */
export function fillPassage(p, item, strings) {
  p.el.append(document.getElementById('passage-controls').content.cloneNode(true));
  if (item.others !== null && item.others !== undefined) {  // null: hidden by blind mode
    const badge = document.createElement('span');
    badge.className = 'others';
    badge.dataset.role = 'others';
    badge.textContent = strings.others.replace('{n}', item.others);
    p.el.querySelector('.passage-head .spacer').before(badge);
  }
  Object.assign(p, {
    text: item.text,
    chars: Array.from(item.text),
    starts: codePointStarts(item.text),
    tokens: item.tokens,
    cues: item.cues,
    textEl: p.el.querySelector('[data-role="text"]'),
    noteEl: p.el.querySelector('[data-role="note"]'),
    slots: {},
    message: null,
    selected: null, // 'set:label:start:end' of the span the stance keys and links act on
    linking: null, // the evidence span waiting for its holder to be picked
  });
}

export class PassageLoader {
  /**
   * `url` answers ?start=&stop= (passage indexes) with {passages: [...]}; `order` is every
   * passage of the page in reading order, each with `el`, `index` and `loaded`; `ready(items)`
   * sets the loaded ones up through the page's own render path.
   */
  constructor(url, order, ready) {
    this.url = url;
    this.order = order;
    this.ready = ready;
    this.pending = new Map(); // passage id -> Promise of its window
    this.byEl = new Map(order.map((p) => [p.el, p]));
    // Far enough ahead that a passage has its controls before it scrolls into sight.
    this.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) this.load(this.byEl.get(entry.target));
      }
    }, { rootMargin: '1500px 0px' });
  }

  /** Start loading passages as they come near the window. */
  watch() {
    for (const p of this.order) if (!p.loaded) this.observer.observe(p.el);
  }

  /** A promise of `p` set up (resolves with p.loaded still false if the request failed). */
  load(p) {
    if (!p || p.loaded) return Promise.resolve(p);
    if (this.pending.has(p.id)) return this.pending.get(p.id);
    const at = this.order.indexOf(p);
    const free = (q) => q && !q.loaded && !this.pending.has(q.id);
    let first = at;
    while (first > 0 && at - first < BEFORE && free(this.order[first - 1])) first -= 1;
    let last = at;
    while (last - at < AFTER && free(this.order[last + 1])) last += 1;
    const batch = this.order.slice(first, last + 1);
    const start = batch[0].index;
    const stop = batch[batch.length - 1].index + 1;
    const request = getJSON(`${this.url}?start=${start}&stop=${stop}`).then((res) => {
      for (const q of batch) this.pending.delete(q.id);
      if (res.ok && res.data) {
        this.ready(res.data.passages);
      }
      for (const q of batch) {
        if (q.loaded) this.observer.unobserve(q.el);
      }
      // The network or the server failed: ask again while the passage is still near (not
      // when the server refused: the article is gone or no longer open to this editor).
      if (![400, 403, 404].includes(res.status) && !batch.every((q) => q.loaded)) {
        setTimeout(() => {
          for (const q of batch) {
            if (!q.loaded) { this.observer.unobserve(q.el); this.observer.observe(q.el); }
          }
        }, RETRY_MS);
      }
      return p;
    });
    for (const q of batch) this.pending.set(q.id, request);
    return request;
  }
}
