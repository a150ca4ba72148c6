// The codebook beside the work: a print button on /codebook, and in the tagging screen a
// definition tooltip on every label control (hover or keyboard focus) and a side panel with
// the whole codebook, toggled with the `g` key. Loaded as a classic deferred script.
(function () {
  'use strict';

  const script = document.currentScript || document.createElement('script');
  const panelUrl = script.dataset.panelUrl || '/codebook/panel';

  for (const button of document.querySelectorAll('[data-action="print"]')) {
    button.addEventListener('click', () => window.print());
  }

  const hasLabels = document.querySelector('[data-label]') !== null;
  if (!hasLabels && script.dataset.panel !== 'on') return;

  // --- the side panel -----------------------------------------------------------------
  const panel = document.createElement('aside');
  panel.id = 'codebook-panel';
  panel.className = 'cb-panel';
  panel.setAttribute('aria-label', script.dataset.panelLabel || 'Codebook');
  panel.tabIndex = -1;
  panel.hidden = true;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'cb-panel-close';
  close.textContent = '×';
  close.setAttribute('aria-label', script.dataset.closeLabel || 'Close');
  close.addEventListener('click', () => toggle(false));
  const body = document.createElement('div');
  body.className = 'cb-panel-body';
  panel.append(close, body);
  document.body.append(panel);

  const definitions = new Map();
  let loaded = null;

  function load() {
    if (!loaded) {
      loaded = fetch(panelUrl, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
        .then((response) => {
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then((html) => {
          // The fragment is rendered by the server from sanitised Markdown.
          body.innerHTML = html;
          for (const el of body.querySelectorAll('[data-codebook-label]')) {
            definitions.set(el.dataset.codebookLabel, {
              title: el.dataset.title || '',
              definition: el.dataset.definition || '',
            });
          }
          describeControls();
        })
        .catch(() => {
          body.textContent = script.dataset.failed || 'The codebook could not be loaded.';
          loaded = null;
        });
    }
    return loaded;
  }

  let returnFocus = null;

  function toggle(open) {
    const show = open === undefined ? panel.hidden : open;
    if (show === !panel.hidden) return;
    panel.hidden = !show;
    document.body.classList.toggle('cb-panel-open', show);
    if (show) {
      returnFocus = document.activeElement;
      load();
      panel.focus();
      revealCurrent();
    } else if (returnFocus && document.contains(returnFocus)) {
      returnFocus.focus();
    }
  }

  // Scroll the panel to the label set of the control the editor is on, if any.
  function revealCurrent() {
    const control = document.activeElement && document.activeElement.closest('[data-label]');
    if (!control) return;
    const name = control.dataset.label;
    Promise.resolve(loaded).then(() => {
      const target = body.querySelector(`[data-codebook-label="${CSS.escape(name)}"]`);
      if (target) target.scrollIntoView({ block: 'start' });
    });
  }

  function isTextField(el) {
    if (!el || el === document.body) return false;
    if (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
    if (el.tagName !== 'INPUT') return false;
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color'].includes(el.type);
  }

  // A label bound to `g` by an admin wins over the panel shortcut.
  const gIsTaken = Array.from(document.querySelectorAll('[data-label] kbd'))
    .some((kbd) => kbd.textContent.trim().toLowerCase() === 'g');

  document.addEventListener('keydown', (event) => {
    if (event.isComposing || event.keyCode === 229) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'Escape' && !panel.hidden) {
      toggle(false);
      return;
    }
    if (gIsTaken || isTextField(event.target) || event.key.toLowerCase() !== 'g') return;
    if (document.querySelector('[role="dialog"]:not([hidden])')) return;
    event.preventDefault();
    toggle();
  });

  // --- definitions on hover and focus ---------------------------------------------------
  const tip = document.createElement('div');
  tip.id = 'codebook-tip';
  tip.className = 'cb-tip';
  tip.setAttribute('role', 'tooltip');
  tip.hidden = true;
  document.body.append(tip);

  function describeControls() {
    for (const control of document.querySelectorAll('[data-label]')) {
      if (!definitions.has(control.dataset.label)) continue;
      // The native title would show the raw Markdown a second time.
      control.removeAttribute('title');
      control.setAttribute('aria-describedby', 'codebook-tip');
    }
  }

  let shownFor = null;

  function show(control) {
    const entry = definitions.get(control.dataset.label);
    if (!entry || !entry.definition) return;
    shownFor = control;
    tip.replaceChildren();
    const title = document.createElement('strong');
    title.textContent = entry.title;
    const text = document.createElement('span');
    text.textContent = entry.definition;
    tip.append(title, text);
    tip.hidden = false;
    const box = control.getBoundingClientRect();
    const width = Math.min(380, window.innerWidth - 16);
    tip.style.maxWidth = `${width}px`;
    const left = Math.max(8, Math.min(box.left, window.innerWidth - width - 8));
    tip.style.left = `${left + window.scrollX}px`;
    tip.style.top = `${box.bottom + window.scrollY + 6}px`;
  }

  function hide(control) {
    if (control && control !== shownFor) return;
    shownFor = null;
    tip.hidden = true;
  }

  document.addEventListener('mouseover', (event) => {
    const control = event.target.closest && event.target.closest('[data-label]');
    if (control) show(control);
  });
  document.addEventListener('mouseout', (event) => {
    const control = event.target.closest && event.target.closest('[data-label]');
    if (control && !control.contains(event.relatedTarget)) hide(control);
  });
  document.addEventListener('focusin', (event) => {
    const control = event.target.closest && event.target.closest('[data-label]');
    if (control) show(control);
    else hide(null);
  });
  document.addEventListener('focusout', (event) => {
    const control = event.target.closest && event.target.closest('[data-label]');
    if (control) hide(control);
  });

  load();
})();
