// The article page: label clicks and keys save at once, spans snap to words, undo works.

import { postJSON } from './tagging/api.js';
import { installKeys } from './tagging/keys.js';
import { renderPassage } from './tagging/render.js';
import { Saver, Slot } from './tagging/saving.js';
import { watchNote } from './tagging/note.js';
import { keepHash, onScreen, passageInView } from './tagging/viewport.js';
import { PassageLoader, fillPassage, pagePassages } from './tagging/lazy.js';
import { selectionInText, spanOffsets } from './tagging/spans.js';
import {
  EVIDENCE, HOLDER, holders, removeSpan as withoutSpan, spanKey, toggleLink, toggleStance, withLink,
} from './tagging/holders.js';

const data = JSON.parse(document.getElementById('tagging-data').textContent);
const { sets, strings } = data;
const setsByName = Object.fromEntries(sets.map((s) => [s.name, s]));
// Every passage is in the page as text; `loaded` once its data is here and its controls are in.
const { passages, order } = pagePassages();
let current = null;
// Passages I had tagged when the page was made: the progress count of those not loaded yet.
const taggedAtLoad = new Set(data.tagged);

const toastEl = document.querySelector('[data-role="toast"]');
const helpEl = document.querySelector('[data-role="help"]');
const progressEl = document.querySelector('[data-role="my-progress"]');

const saver = new Saver(strings, (slot, what) => {
  const p = passages.get(slot.passageId);
  if (slot.field === 'text' && (what === 'undone' || what === 'conflict')) {
    p.noteEl.value = slot.desired;
  }
  renderPassage(p, sets, strings);
  updateProgress();
});

function setup(item) {
  const p = passages.get(item.id);
  if (!p || p.loaded) return;  // a window may overlap passages set up already
  fillPassage(p, item, strings);
  const base = `${data.urls.passage}${item.id}`;
  for (const set of sets) {
    const field = set.kind === 'span' ? 'spans' : 'values';
    const url = `${base}/annotations/${encodeURIComponent(set.name)}`;
    p.slots[set.name] = saver.add(new Slot(item.id, set.name, field, url, item.mine[set.name]));
  }
  p.slots['#note'] = saver.add(new Slot(item.id, '#note', 'text', `${base}/note`, item.note));
  p.loaded = true;
  p.el.classList.add('is-loaded');
  watchNote(p, (q, text) => saver.change(q.slots['#note'], text), setCurrent);
  renderPassage(p, sets, strings);
}

function updateProgress() {
  const body = order.filter((p) => p.kind === 'body');
  let tagged = 0;
  for (const p of order) {
    const on = p.loaded
      ? (p.slots[data.tagged_set]?.saved.length || 0) > 0
      : taggedAtLoad.has(p.id);
    p.el.classList.toggle('is-tagged', on);
    if (on && p.kind === 'body') tagged += 1;
  }
  progressEl.textContent = `${tagged} / ${body.length}`;
}

function toast(message) {
  toastEl.textContent = message;
  toastEl.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { toastEl.hidden = true; }, 3500);
}

function flash(p, message) {
  if (!p || !p.loaded) { toast(message); return; }
  p.message = message;
  renderPassage(p, sets, strings);
  clearTimeout(p.messageTimer);
  p.messageTimer = setTimeout(() => { p.message = null; renderPassage(p, sets, strings); }, 4000);
}

function setCurrent(p, { scroll = false } = {}) {
  if (!p) return;
  if (current && current !== p) current.el.classList.remove('is-current');
  current = p;
  p.el.classList.add('is-current');
  const fold = p.el.closest('details');
  if (scroll && fold) fold.open = true;  // a jump into folded page furniture unfolds it
  if (scroll) {
    p.el.scrollIntoView({ block: 'center' });
    p.el.focus({ preventScroll: true });
  }
}

const visible = (p) => p.kind === 'body' || Boolean(p.el.closest('details')?.open);

/**
 * Keys act on the current passage only while the editor can see it. Once it has scrolled
 * out of sight (a reload restores an older scroll position, the wheel), the passage in the
 * middle of the window becomes current instead, so a key never changes a passage off screen.
 */
function currentOnScreen() {
  if (current && onScreen(current)) return current;
  const p = passageInView(order.filter(visible));
  if (p) {
    setCurrent(p);
    keepHash(p);
  }
  return p;
}

function move(step) {
  const list = order.filter((p) => visible(p) || p === current);
  const at = list.indexOf(current);
  const next = at < 0 ? list[0] : list[Math.min(list.length - 1, Math.max(0, at + step))];
  setCurrent(next, { scroll: true });
  keepHash(next);
}

function chooseLabel(p, setName, label) {
  if (setName === data.tagged_set && selectedSpan(p)?.span.label === HOLDER) {
    setHolderStance(p, label);
    return;
  }
  const set = setsByName[setName];
  const slot = p.slots[setName];
  const on = slot.desired.includes(label);
  let values;
  if (set.kind === 'single') {
    values = on ? [] : [label];
  } else {
    const position = (name) => set.labels.findIndex((l) => l.name === name);
    values = on ? slot.desired.filter((n) => n !== label) : [...slot.desired, label];
    values.sort((a, b) => position(a) - position(b));
  }
  setCurrent(p);
  saver.change(slot, values);
}

const passageOf = (el) => passages.get(Number(el.closest('[data-passage-id]').dataset.passageId));
const bySpan = (a, b) => a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : 1);

function markSelection(setName, label, exact, clicked = null) {
  const selection = window.getSelection();
  const found = selectionInText(selection);
  const p = found.textEl && passageOf(found.textEl);
  if (found.error || (clicked && clicked !== p)) {
    // Say so where the editor is looking: the passage the selection starts in.
    const at = clicked || p || (found.near && passageOf(found.near)) || currentOnScreen();
    flash(at, strings[found.error || 'select_inside']);
    return;
  }
  // Whole words unless Alt is held: jieba tokens of this passage, from the server.
  if (!p.loaded) {
    // Its tokens are not here yet to snap to; loading it redraws the text (and the selection).
    flash(p, strings.loading);
    loader.load(p);
    return;
  }
  const { start, end } = spanOffsets(found.textEl, found.range, p, exact);
  selection.removeAllRanges();
  setCurrent(p);
  if (start >= end) {
    flash(p, strings.select_first);
    return;
  }
  const slot = p.slots[setName];
  if (slot.desired.some((s) => s.start === start && s.end === end && s.label === label)) {
    flash(p, strings.span_exists);
    return;
  }
  // Evidence marked right after selecting a holder is linked to that holder.
  const chosen = selectedSpan(p);
  const holder = label === EVIDENCE && chosen?.setName === setName && chosen.span.label === HOLDER
    ? chosen.span : null;
  saver.change(slot, [...slot.desired, withLink({ start, end, label }, null, holder)].sort(bySpan));
}

function removeSpan(p, li) {
  const [setName] = li.dataset.span.split(':');
  if (p.selected === li.dataset.key) p.selected = null;
  const slot = p.slots[setName];
  saver.change(slot, withoutSpan(slot.desired, li.dataset.key.slice(setName.length + 1)));
}

// Holder stances and evidence links: a span is selected by a click or the t key; with a
// holder selected the stance keys set its own stance; l links the selected evidence to
// the holder picked next (its number key or a click).

/** The selected span of a passage: {setName, span}, or null. */
function selectedSpan(p) {
  if (!p || !p.selected) return null;
  const setName = p.selected.slice(0, p.selected.indexOf(':'));
  const key = p.selected.slice(setName.length + 1);
  const span = p.slots[setName]?.desired.find((s) => spanKey(s) === key);
  return span ? { setName, span } : null;
}

function selectSpan(p, key) {
  setCurrent(p);
  p.selected = p.selected === key ? null : key;
  p.linking = null;
  renderPassage(p, sets, strings);
  const chosen = selectedSpan(p);
  if (chosen?.span.label === HOLDER) flash(p, strings.holder_selected);
}

function selectNextSpan(p) {
  const keys = [...p.el.querySelectorAll('[data-role="spans"] li')].map((li) => li.dataset.key);
  if (!keys.length) { flash(p, strings.no_spans); return; }
  const at = keys.indexOf(p.selected);
  p.selected = null;
  selectSpan(p, at + 1 < keys.length ? keys[at + 1] : keys[0]);
}

function setHolderStance(p, stance) {
  const { setName, span } = selectedSpan(p);
  const slot = p.slots[setName];
  saver.change(slot, toggleStance(slot.desired, spanKey(span), stance));
}

function startLink(p) {
  const chosen = selectedSpan(p);
  if (!chosen || chosen.span.label !== EVIDENCE) { flash(p, strings.select_evidence); return; }
  if (!holders(p.slots[chosen.setName].desired).length) { flash(p, strings.no_holder); return; }
  p.linking = p.selected;
  renderPassage(p, sets, strings);
  flash(p, strings.pick_holder);
}

function pickHolder(p, number) {
  const setName = p.linking.slice(0, p.linking.indexOf(':'));
  const slot = p.slots[setName];
  const holder = holders(slot.desired)[number - 1];
  if (!holder) { flash(p, strings.pick_holder); return; }
  p.linking = null;
  saver.change(slot, toggleLink(slot.desired, p.selected.slice(setName.length + 1), holder));
}

function unlink(p, li) {
  const [setName] = li.dataset.span.split(':');
  const slot = p.slots[setName];
  saver.change(slot, toggleLink(slot.desired, li.dataset.key.slice(setName.length + 1), null));
}

async function goNext() {
  await saver.settle();
  // A POST: the queue claims the passage for me.
  const res = await postJSON(data.urls.next, { after: current ? current.id : null });
  if (!res.ok || !res.data) {
    toast(res.data?.error || strings.network);
    return;
  }
  const next = res.data.passage;
  const target = next ? passages.get(next.id) : undefined;
  if (next === null) {
    toast(strings.all_done);
  } else if (next.article_id === data.article_id && target) {
    history.replaceState(null, '', `#p-${target.id}`);
    setCurrent(target, { scroll: true });
  } else {
    window.location.assign(`${data.urls.article}${next.article_id}#p-${next.id}`);
  }
}

function undo() {
  const entry = saver.undo();
  if (!entry) {
    toast(strings.nothing_to_undo);
    return;
  }
  toast(strings.undone);
  setCurrent(passages.get(entry.slot.passageId), { scroll: true });
}

function help(open) {
  helpEl.hidden = !open;
  if (open) helpEl.querySelector('[data-action="help-close"]').focus();
}

document.querySelector('.passages').addEventListener('click', (event) => {
  const passageEl = event.target.closest('[data-passage-id]');
  if (!passageEl) return;
  const p = passages.get(Number(passageEl.dataset.passageId));
  const button = event.target.closest('button');
  const item = event.target.closest('[data-role="spans"] li');
  const marked = event.target.closest('.passage-text .hl[data-spans]');
  if (!button && item) {
    if (p.linking && item.dataset.holder) pickHolder(p, Number(item.dataset.holder));
    else selectSpan(p, item.dataset.key);
    return;
  }
  if (!button && marked && window.getSelection()?.isCollapsed !== false) {
    const keys = marked.dataset.spans.split(' ');
    const holderKey = keys.find((k) => k.split(':')[1] === HOLDER);
    if (p.linking && holderKey) {
      pickHolder(p, Number(p.el.querySelector(`li[data-key="${CSS.escape(holderKey)}"]`).dataset.holder));
    } else {
      // Clicking again cycles through the spans that overlap here.
      selectSpan(p, keys[(keys.indexOf(p.selected) + 1) % keys.length]);
    }
    return;
  }
  if (!button) {
    setCurrent(p);
    return;
  }
  if (button.dataset.label) {
    const [setName, label] = button.dataset.label.split(':');
    if (setsByName[setName].kind === 'span') markSelection(setName, label, event.altKey, p);
    else chooseLabel(p, setName, label);
  } else if (button.dataset.action === 'remove-span') {
    removeSpan(p, button.closest('li'));
  } else if (button.dataset.action === 'unlink') {
    unlink(p, button.closest('li'));
  } else if (button.dataset.action === 'retry') {
    saver.retry(p.id);
  } else if (button.dataset.action === 'keep-note') {
    const text = p.slots['#note'].lostText;
    p.noteEl.value = text;
    saver.change(p.slots['#note'], text);
  }
});

// Pressing a mark button must not drop the text selection it is about to mark.
document.querySelector('.passages').addEventListener('mousedown', (event) => {
  if (event.target.closest('.span-btn')) event.preventDefault();
});

document.querySelector('.toolbar').addEventListener('click', (event) => {
  const action = event.target.closest('button')?.dataset.action;
  if (action === 'next') goNext();
  else if (action === 'undo') undo();
  else if (action === 'help') help(true);
});
helpEl.addEventListener('click', (event) => {
  if (event.target === helpEl || event.target.closest('[data-action="help-close"]')) help(false);
});

window.addEventListener('beforeunload', (event) => {
  for (const p of order) if (p.noteTimer) p.commitNote();
  if (saver.unsaved()) event.preventDefault();
});

function fromHash() {
  const match = /^#p-(\d+)$/.exec(window.location.hash);
  return match ? passages.get(Number(match[1])) : null;
}
window.addEventListener('hashchange', () => setCurrent(fromHash(), { scroll: true }));

const labelKeys = new Map();
for (const set of sets) {
  for (const label of set.labels) {
    if (label.key) labelKeys.set(label.key.toLowerCase(), { set: set.name, label: label.name });
  }
}

const loader = new PassageLoader(data.urls.window, order, (items) => {
  // Controls added to the passages above the current one push it down (the browser's scroll
  // anchoring may hold another passage still): keep it where the editor sees it.
  const anchor = current && onScreen(current) ? current : null;
  const top = anchor?.el.getBoundingClientRect().top;
  items.forEach(setup);
  if (anchor) window.scrollBy(0, anchor.el.getBoundingClientRect().top - top);
  updateProgress();
});
data.passages.forEach(setup);
updateProgress();
loader.watch();

/** Run `action(p)` once `p` has its data: at once, or when its window has loaded. */
function whenLoaded(p, action) {
  if (p.loaded) { action(p); return; }
  loader.load(p).then(() => (p.loaded ? action(p) : toast(strings.loading)));
}

installKeys(labelKeys, {
  label(setName, label, exact) {
    if (setsByName[setName].kind === 'span') markSelection(setName, label, exact);
    else if (currentOnScreen()) whenLoaded(current, (p) => chooseLabel(p, setName, label));
  },
  picking: () => Boolean(current?.linking),
  pick(number) { if (currentOnScreen()?.linking) pickHolder(current, number); },
  selectNext() { if (currentOnScreen()) selectNextSpan(current); },
  link() { if (currentOnScreen()) startLink(current); },
  move,
  next: goNext,
  undo,
  escape() {
    window.getSelection()?.removeAllRanges();
    if (current?.loaded) {
      current.message = null;
      current.selected = null;
      current.linking = null;
      renderPassage(current, sets, strings);
    }
  },
  help,
}, () => !helpEl.hidden);

// The page scrolls to the current passage itself; a restored scroll position would leave
// the current passage out of sight.
history.scrollRestoration = 'manual';
let scrollTimer = null;
// Before any key that changes a passage (labels, spans, the suggestion keys a/s), in the
// capture phase. Moving (j/k, n), undo and the help only show a passage, so they may start
// from a current passage out of sight: it is scrolled into view.
const showingKeys = new Set(['j', 'k', 'n', 'u', '?', 'ArrowDown', 'ArrowUp', 'Escape']);
document.addEventListener('keydown', (event) => {
  if (!showingKeys.has(event.key) && !event.ctrlKey && !event.metaKey) currentOnScreen();
}, true);
window.addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(currentOnScreen, 200);
}, { passive: true });

const start = fromHash() || passages.get(data.focus);
if (start) setCurrent(start, { scroll: start !== order[0] });
else setCurrent(order.find((p) => p.kind === 'body'));
document.body.dataset.taggingReady = 'true';
