// The article roll-up: the editor's own article-level labels (e.g. article_stance), saved
// through PUT /api/articles/<id>/annotations/<set> with the version the page last saw.
(function () {
  'use strict';

  const dataEl = document.getElementById('rollup-data');
  if (!dataEl) return;
  const data = JSON.parse(dataEl.textContent);
  const csrf = document.querySelector('meta[name="csrf-token"]');
  const mine = data.mine || {};

  function chosen(setName) {
    return (mine[setName] && mine[setName].values) || [];
  }

  function show(group) {
    const setName = group.dataset.articleSet;
    const values = chosen(setName);
    for (const button of group.querySelectorAll('[data-article-label]')) {
      const on = values.includes(button.dataset.articleLabel.split(':')[1]);
      const attribute = group.dataset.kind === 'single' ? 'aria-checked' : 'aria-pressed';
      button.setAttribute(attribute, String(on));
    }
  }

  async function save(group, values) {
    const setName = group.dataset.articleSet;
    const status = group.querySelector('[data-role="article-status"]');
    const seen = mine[setName] ? mine[setName].version : null;
    status.textContent = '…';
    let response;
    try {
      const url = `/api/articles/${data.article_id}/annotations/${encodeURIComponent(setName)}`;
      response = await fetch(url, {
        method: 'PUT',
        credentials: 'same-origin',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'X-CSRFToken': csrf ? csrf.content : '',
        },
        body: JSON.stringify({ values, version: seen }),
      });
    } catch (error) {
      status.textContent = group.dataset.offline || 'Not saved: no connection.';
      return;
    }
    const body = await response.json().catch(() => ({}));
    if (response.ok) {
      mine[setName] = { values: body.values, version: body.version };
      status.textContent = group.dataset.saved || 'Saved.';
    } else if (response.status === 409) {
      mine[setName] = body.current;
      status.textContent = body.error || '';
    } else {
      status.textContent = body.error || String(response.status);
    }
    show(group);
  }

  for (const group of document.querySelectorAll('[data-article-set]')) {
    show(group);
    group.addEventListener('click', (event) => {
      const button = event.target.closest('[data-article-label]');
      if (!button) return;
      const value = button.dataset.articleLabel.split(':')[1];
      const current = chosen(group.dataset.articleSet);
      let values;
      if (group.dataset.kind === 'single') {
        values = current.includes(value) ? [] : [value]; // a second click clears the choice
      } else {
        values = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
      }
      save(group, values);
    });
  }
})();
