// Times in the reader's own time zone, with the zone named: <time datetime data-local-time>.
const lang = document.documentElement.lang || undefined;
const format = new Intl.DateTimeFormat(lang, {
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  second: '2-digit', hour12: false, timeZoneName: 'short',
});
for (const el of document.querySelectorAll('time[data-local-time]')) {
  const when = new Date(el.getAttribute('datetime'));
  if (Number.isNaN(when.getTime())) continue;
  el.title = el.textContent;  // the UTC time stays on hover
  el.textContent = format.format(when);
}
