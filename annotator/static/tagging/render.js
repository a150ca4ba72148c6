// Draw one passage's state: pressed labels, highlighted spans, span list, note, status.

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
  for (const set of spanSets(sets)) {
    const titles = Object.fromEntries(set.labels.map((l) => [l.name, l.title]));
    for (const span of p.slots[set.name].desired) {
      spans.push(span);
      items.push({ set, span, title: titles[span.label] || span.label });
    }
  }
  // Rebuilding the text drops any selection the editor is making in it, so only rebuild
  // when the spans changed, not for every save-status update.
  const key = JSON.stringify(spans);
  if (p.renderedSpans === key) return;
  p.renderedSpans = key;
  const labelTitle = (name) => sets.flatMap((s) => s.labels).find((l) => l.name === name)?.title;
  // Labels starting with "_" are general hints, not a label to name.
  const cueTitle = (found) => {
    const about = found.map(([, , , label]) => label).filter((l) => !l.startsWith('_'));
    const names = about.map((l) => labelTitle(l) || l).join(', ');
    return `${strings.cue}: ${found[0][2]}${names ? ` (${names})` : ''}`;
  };
  renderText(p.textEl, p.text, p.starts, spans, p.cues, cueTitle);
  const list = p.el.querySelector('[data-role="spans"]');
  list.replaceChildren(...items.map(({ set, span, title }) => {
    const li = document.createElement('li');
    li.dataset.span = `${set.name}:${span.label}:${span.start}:${span.end}`;
    const chip = document.createElement('span');
    chip.className = `chip chip-${span.label}`;
    chip.textContent = title;
    const quote = document.createElement('span');
    quote.className = 'quote';
    quote.textContent = `「${sliceCodePoints(p.text, p.starts, span.start, span.end)}」`;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.dataset.action = 'remove-span';
    remove.setAttribute('aria-label', `${strings.remove} ${title}`);
    remove.title = strings.remove;
    remove.textContent = '×';
    li.append(chip, quote, remove);
    return li;
  }));
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
