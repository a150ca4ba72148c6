// Where passages are in the window: keys act only on a passage the editor can see.

/** Whether enough of a passage shows in the window for the editor to see its blue edge. */
export function onScreen(p) {
  const box = p.el.getBoundingClientRect();
  const shown = Math.min(box.bottom, window.innerHeight) - Math.max(box.top, 0);
  return shown >= Math.min(box.height, 48);
}

/** The passage across the middle of the window, or the one nearest to it. */
export function passageInView(candidates) {
  const middle = window.innerHeight / 2;
  let best = null;
  let bestDistance = Infinity;
  for (const p of candidates) {
    const box = p.el.getBoundingClientRect();
    const distance = box.top > middle ? box.top - middle : Math.max(0, middle - box.bottom);
    if (distance < bestDistance) { best = p; bestDistance = distance; }
  }
  return best;
}

/** The address names the current passage, so a reload comes back to it. */
export function keepHash(p) {
  if (p && window.location.hash !== `#p-${p.id}`) history.replaceState(null, '', `#p-${p.id}`);
}
