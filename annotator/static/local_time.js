// Times in the reader's own time zone, with the zone named: <time datetime data-local-time>.
const lang = document.documentElement.lang || undefined;
const options = {
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  second: '2-digit', hour12: false,
};
const clock = new Intl.DateTimeFormat(lang, options);
const zone = new Intl.DateTimeFormat(lang, { ...options, timeZoneName: 'short' });
for (const el of document.querySelectorAll('time[data-local-time]')) {
  const when = new Date(el.getAttribute('datetime'));
  if (Number.isNaN(when.getTime())) continue;
  const name = zone.formatToParts(when).find((part) => part.type === 'timeZoneName')?.value;
  el.title = el.textContent;  // the UTC time stays on hover
  el.textContent = name ? `${clock.format(when)} ${name}` : clock.format(when);
}
