// Draw one passage's state: pressed labels, highlighted spans, span list, note, status.

import { HOLDER, holderNumber, spanKey } from './holders.js';
import { renderText, sliceCodePoints } from './spans.js';

export function renderPassage(p, sets, strings) {
  for (const set of sets) {
    const slot = p.slots[set.name];
    if (set.kind === 'span') continue;
    for (const button of p.el.querySelectorAll(`[data-label^="${CSS.escape(set.name)}:"]`)) {
      const on = slot.desired.includes(button.dataset.label.slice(set.name.length + 1));
      button.setAttribute(set.kind === 'single' ? 'aria-checked' : 'aria-pressed', String(on));
    }
  }
  renderSpans(p, sets, strings);
  renderNote(p);
  renderStatus(p, strings);
}

function spanSets(sets) {
  return sets.filter((s) => s.kind === 'span');
}

function renderSpans(p, sets, strings) {
  const spans = [];
  const items = [];
  const stanceTitles = Object.fromEntries(
    (sets.find((s) => s.holder_stances)?.labels || []).map((l) => [l.name, l.title]),
  );
  for (const set of spanSets(sets)) {
    const titles = Object.fromEntries(set.labels.map((l) => [l.name, l.title]));
    const list = p.slots[set.name].desired;
    for (const span of list) {
      const key = `${set.name}:${spanKey(span)}`;
      const number = span.label === HOLDER ? holderNumber(list, span) : 0;
      const linked = span.holder ? holderNumber(list, span.holder) : 0;
      const stance = span.stance ? stanceTitles[span.stance] || span.stance : '';
      const mark = number ? `${number}${stance ? `·${stance}` : ''}` : (linked ? `→${linked}` : '');
      const selected = p.selected === key;
      spans.push({ ...span, key, mark, selected });
      items.push({ set, span, key, number, linked, stance, selected, title: titles[span.label] || span.label });
    }
  }
  // Rebuilding the text drops any selection the editor is making in it, so only rebuild
  // when the spans changed, not for every save-status update.
  const renderKey = JSON.stringify([spans, p.linking]);
  if (p.renderedSpans === renderKey) return;
  p.renderedSpans = renderKey;
  const labelTitle = (name) => sets.flatMap((s) => s.labels).find((l) => l.name === name)?.title;
  // Labels starting with "_" are general hints, not a label to name.
  const cueTitle = (found) => {
    const about = found.map(([, , , label]) => label).filter((l) => !l.startsWith('_'));
    const names = about.map((l) => labelTitle(l) || l).join(', ');
    return `${strings.cue}: ${found[0][2]}${names ? ` (${names})` : ''}`;
  };
  renderText(p.textEl, p.text, p.starts, spans, p.cues, cueTitle);
  p.el.classList.toggle('is-linking', Boolean(p.linking));
  const list = p.el.querySelector('[data-role="spans"]');
  list.replaceChildren(...items.map((item) => spanItem(p, item, strings)));
}

function chip(className, text) {
  const el = document.createElement('span');
  el.className = className;
  el.textContent = text;
  return el;
}

function button(action, text, label) {
  const el = document.createElement('button');
  el.type = 'button';
  el.dataset.action = action;
  el.setAttribute('aria-label', label);
  el.title = label;
  el.textContent = text;
  return el;
}

function spanItem(p, { set, span, key, number, linked, stance, selected, title }, strings) {
  const li = document.createElement('li');
  li.dataset.span = `${set.name}:${span.label}:${span.start}:${span.end}`;
  li.dataset.key = key;
  li.setAttribute('aria-selected', String(selected));
  if (number) li.dataset.holder = String(number);
  li.append(chip(`chip chip-${span.label}`, number ? `${title} ${number}` : title));
  if (span.label === HOLDER) {
    li.append(chip(
      span.stance ? `chip stance-chip stance-${span.stance}` : 'chip stance-chip is-inherited',
      span.stance ? stance : strings.passage_stance,
    ));
  }
  li.append(chip('quote', `「${sliceCodePoints(p.text, p.starts, span.start, span.end)}」`));
  if (linked) {
    li.append(chip('link-badge', `→ ${strings.holder} ${linked}`));
    li.append(button('unlink', '⊘', strings.unlink));
  }
  const remove = button('remove-span', '×', `${strings.remove} ${title}`);
  remove.title = strings.remove;
  li.append(remove);
  return li;
}

function renderNote(p) {
  const slot = p.slots['#note'];
  // The compact layout hides empty notes of the passages that are not current.
  p.noteEl.closest('.note')?.classList.toggle('has-text', Boolean(slot.desired));
  // Never overwrite what the editor is typing; undo and conflicts set the box themselves.
  if (document.activeElement !== p.noteEl && p.noteEl.value !== slot.desired) {
    p.noteEl.value = slot.desired;
  }
}

/** 'failed', 'saving', 'saved' (from this page) or '' for the passage as a whole. */
function saveState(slots) {
  if (slots.some((s) => s.failed)) return 'failed';
  if (slots.some((s) => s.inflight || s.dirty)) return 'saving';
  return slots.some((s) => s.savedHere) ? 'saved' : '';
}

function renderStatus(p, strings) {
  const slots = Object.values(p.slots);
  const state = saveState(slots);
  const status = p.el.querySelector('[data-role="status"]');
  status.className = state ? `status is-${state}` : 'status';
  status.dataset.state = state;
  status.replaceChildren();
  if (state === 'failed') {
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.dataset.action = 'retry';
    retry.textContent = strings.retry;
    status.append(`${strings.failed} `, retry);
  } else if (state) {
    status.textContent = state === 'saved' ? `✓ ${strings.saved}` : strings.saving;
  }
  renderError(p, slots, strings);
}

function renderError(p, slots, strings) {
  const box = p.el.querySelector('[data-role="error"]');
  const messages = slots.map((s) => s.error).filter(Boolean);
  if (p.message) messages.push(p.message);
  box.replaceChildren();
  const note = p.slots['#note'];
  for (const message of new Set(messages)) {
    const line = document.createElement('div');
    line.textContent = message;
    box.append(line);
  }
  if (note.lostText) {
    const label = document.createElement('div');
    label.textContent = strings.note_conflict;
    const mine = document.createElement('span');
    mine.className = 'mine';
    mine.textContent = note.lostText;
    const keep = document.createElement('button');
    keep.type = 'button';
    keep.dataset.action = 'keep-note';
    keep.textContent = strings.keep_mine;
    box.append(label, mine, keep);
  }
  box.hidden = box.childNodes.length === 0;
}
