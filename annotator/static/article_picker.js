// Article pickers (templates/_article_picker.html): as the person types a number or title
// words, ask the server for up to 20 matching titles and offer them in the field's datalist.
// IME-safe: nothing is asked while a composition (pinyin, zhuyin...) is still open.
(() => {
  for (const picker of document.querySelectorAll("[data-article-picker]")) {
    const input = picker.querySelector("input");
    const list = picker.querySelector("datalist");
    let timer = null;
    let asked = null;
    const ask = () => {
      const typed = input.value.trim();
      if (typed === asked) return;
      asked = typed;
      const url = `${picker.dataset.url}?q=${encodeURIComponent(typed)}`;
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then((r) => (r.ok ? r.json() : { articles: [] }))
        .then((data) => {
          if (asked !== typed) return; // a later answer is on its way
          list.replaceChildren(
            ...data.articles.map((a) => {
              const option = document.createElement("option");
              option.value = a.label;
              return option;
            }),
          );
        })
        .catch(() => {});
    };
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    };
    input.addEventListener("input", (event) => {
      if (!event.isComposing) soon();
    });
    input.addEventListener("compositionend", soon);
    input.addEventListener("focus", ask);
  }
})();
