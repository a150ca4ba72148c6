// Suggestion chips on the article page: label hints (learned model, cue words), stance-holder
// hints and repeats of the passage in other articles. Nothing is saved until the editor
// accepts a hint; accepting presses the page's own label button (or marks the holder text
// with its own span button), so saving, undo and conflicts behave exactly like a click.
// Keys: `a` accepts the current passage's top label hint, `s` its first holder hint.

const config = JSON.parse(document.getElementById('suggestions-data').textContent);
const tagging = JSON.parse(document.getElementById('tagging-data').textContent);
const S = config.strings;
const titles = new Map();
for (const set of tagging.sets) {
  for (const label of set.labels) titles.set(`${set.name}:${label.name}`, label.title);
}
const holderSet = tagging.sets.find(
  (s) => s.kind === 'span' && s.labels.some((l) => l.name === config.holder_label),
);
const usedKeys = new Set(tagging.sets.flatMap((s) => s.labels.map((l) => (l.key || '').toLowerCase())));
const KEY_LABEL = usedKeys.has('a') ? null : 'a';
const KEY_HOLDER = usedKeys.has('s') ? null : 's';

const hints = new Map(); // passage id -> the API's answer
const pending = new Map(); // passage id -> Promise

function load(id) {
  if (hints.has(id)) return Promise.resolve(hints.get(id));
  if (!pending.has(id)) {
    const request = fetch(`${config.api}${id}/suggestions`, {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
    })
      .then((r) => (r.ok ? r.json() : null))
      .catch(() => null)
      .then((data) => {
        pending.delete(id);
        if (data) {
          hints.set(id, data);
          render(id);
        }
        return data;
      });
    pending.set(id, request);
  }
  return pending.get(id);
}

const passageEl = (id) => document.querySelector(`.passage[data-passage-id="${id}"]`);

function isChosen(el, hook) {
  const button = el.querySelector(`[data-label="${CSS.escape(hook)}"]`);
  if (!button) return null;
  return (button.getAttribute('aria-checked') || button.getAttribute('aria-pressed')) === 'true';
}

function isMarked(el, holder) {
  if (!holderSet) return false;
  const key = `${holderSet.name}:${config.holder_label}:${holder.start}:${holder.end}`;
  return Boolean(el.querySelector(`[data-role="spans"] li[data-span="${CSS.escape(key)}"]`));
}

/** The hints still open on a passage: label hints not chosen yet, holders not marked yet. */
function openHints(id) {
  const data = hints.get(id);
  const el = passageEl(id);
  if (!data || !el) return { labels: [], holders: [] };
  const seen = new Set();
  const labels = data.labels.filter((s) => {
    const hook = `${s.label_set}:${s.label}`;
    if (seen.has(hook) || isChosen(el, hook) !== false) return false;
    seen.add(hook);
    return true;
  });
  const holders = holderSet ? data.holders.filter((h) => !isMarked(el, h)) : [];
  return { labels, holders };
}

function chip(kind, text, detail, key) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = `sugg sugg-${kind}`;
  if (key) {
    const kbd = document.createElement('kbd');
    kbd.textContent = key;
    button.append(kbd);
  }
  button.append(text);
  if (detail) {
    const small = document.createElement('small');
    small.textContent = detail;
    button.append(' ', small);
  }
  return button;
}

function labelDetail(s) {
  if (s.source === 'model') {
    const percent = s.confidence == null ? '' : ` ${Math.round(s.confidence * 100)}%`;
    return `${S.model}${percent}`;
  }
  return `${S.cue}: ${s.reason}`;
}

function render(id) {
  const el = passageEl(id);
  const data = hints.get(id);
  if (!el || !data) return;
  let box = el.querySelector('[data-role="suggestions"]');
  if (!box) {
    box = document.createElement('div');
    box.className = 'suggestions';
    box.dataset.role = 'suggestions';
    box.setAttribute('aria-label', S.title);
    el.querySelector('.controls')?.before(box);
  }
  const open = openHints(id);
  const parts = [];
  open.labels.forEach((s, i) => {
    const button = chip('label', titles.get(`${s.label_set}:${s.label}`) || s.label,
      labelDetail(s), i === 0 ? KEY_LABEL : null);
    button.dataset.hook = `${s.label_set}:${s.label}`;
    button.dataset.source = s.source;
    button.title = S.accept;
    parts.push(button);
  });
  open.holders.forEach((h, i) => {
    const name = h.canonical && h.canonical !== h.text ? `${h.text} → ${h.canonical}` : h.text;
    const button = chip('holder', name, S.holder, i === 0 ? KEY_HOLDER : null);
    button.dataset.start = String(h.start);
    button.dataset.end = String(h.end);
    button.title = S.accept;
    parts.push(button);
  });
  if (data.also_in.length) {
    const also = document.createElement('span');
    also.className = 'also-in';
    also.append(`${S.also_in}: `);
    data.also_in.forEach((link, i) => {
      const a = document.createElement('a');
      a.href = link.url;
      a.textContent = `${link.article_title} §${link.index + 1}`;
      if (i) also.append('、');
      also.append(a);
    });
    parts.push(also);
  }
  box.replaceChildren();
  if (parts.length) {
    const title = document.createElement('span');
    title.className = 'sugg-title';
    title.textContent = S.title;
    box.append(title, ...parts);
  }
  box.hidden = parts.length === 0;
}

function acceptLabel(id, hook) {
  const button = passageEl(id)?.querySelector(`[data-label="${CSS.escape(hook)}"]`);
  if (button && isChosen(passageEl(id), hook) === false) button.click();
  render(id);
}

/** Select [start, end) code points of the passage text, then press the holder button. */
function acceptHolder(id, start, end) {
  const el = passageEl(id);
  const textEl = el?.querySelector('[data-role="text"]');
  const button = el?.querySelector(`[data-label="${CSS.escape(`${holderSet.name}:${config.holder_label}`)}"]`);
  if (!textEl || !button) return;
  const chars = Array.from(textEl.textContent);
  const units = (n) => chars.slice(0, n).join('').length;
  const [from, to] = [units(start), units(end)];
  const walker = document.createTreeWalker(textEl, NodeFilter.SHOW_TEXT);
  let pos = 0;
  let a = null;
  let b = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const len = node.data.length;
    if (!a && from <= pos + len) a = [node, from - pos];
    if (!b && to <= pos + len) b = [node, to - pos];
    pos += len;
  }
  if (!a || !b) return;
  const range = document.createRange();
  range.setStart(...a);
  range.setEnd(...b);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  button.click();
  render(id);
}

document.querySelector('.passages')?.addEventListener('click', (event) => {
  const button = event.target.closest('.sugg');
  if (!button) return;
  event.stopPropagation(); // a hint is not one of the page's own controls
  const id = Number(button.closest('[data-passage-id]').dataset.passageId);
  if (button.dataset.hook) acceptLabel(id, button.dataset.hook);
  else acceptHolder(id, Number(button.dataset.start), Number(button.dataset.end));
}, true);

function isTextField(el) {
  if (!el || el === document.body) return false;
  if (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  return el.tagName === 'INPUT' && !['button', 'checkbox', 'radio', 'submit'].includes(el.type);
}

document.addEventListener('keydown', (event) => {
  if (event.isComposing || event.keyCode === 229 || isTextField(event.target)) return;
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (document.querySelector('[role="dialog"]:not([hidden])')) return; // e.g. the keys help
  const key = event.key.toLowerCase();
  if (!key || (key !== KEY_LABEL && key !== KEY_HOLDER)) return;
  const current = document.querySelector('.passage.is-current[data-kind="body"]');
  if (!current) return;
  event.preventDefault();
  const id = Number(current.dataset.passageId);
  load(id).then(() => {
    const open = openHints(id);
    if (key === KEY_LABEL && open.labels.length) {
      acceptLabel(id, `${open.labels[0].label_set}:${open.labels[0].label}`);
    } else if (key === KEY_HOLDER && open.holders.length) {
      acceptHolder(id, open.holders[0].start, open.holders[0].end);
    }
  });
});

// Keep the chips in step when the editor labels by other means (keys, clicks, undo).
const watcher = new MutationObserver((records) => {
  const ids = new Set();
  for (const r of records) {
    const el = r.target.nodeType === Node.ELEMENT_NODE ? r.target : r.target.parentElement;
    const id = el?.closest('[data-passage-id]')?.dataset.passageId;
    if (id && !el.closest('[data-role="suggestions"]')) ids.add(Number(id));
  }
  for (const id of ids) if (hints.has(id)) render(id);
});

// Ask for hints only for passages near the screen, not the whole article at once.
const nearby = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    if (!entry.isIntersecting) continue;
    nearby.unobserve(entry.target);
    load(Number(entry.target.dataset.passageId));
  }
}, { rootMargin: '400px 0px' });

for (const el of document.querySelectorAll('.passage[data-kind="body"]')) {
  nearby.observe(el);
  watcher.observe(el, {
    subtree: true,
    attributes: true,
    attributeFilter: ['aria-checked', 'aria-pressed'],
    childList: true,
  });
}
document.body.dataset.suggestionsReady = 'true';
