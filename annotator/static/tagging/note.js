// The note box saves when the editor pauses typing or leaves it, never mid-composition.

/** Watch a passage's note; `save(p, text)` stores it, `focus(p)` makes the passage current. */
export function watchNote(p, save, focus) {
  const note = p.noteEl;
  const commit = () => {
    clearTimeout(p.noteTimer);
    p.noteTimer = null;
    if (!p.composing) save(p, note.value);
  };
  const schedule = () => {
    clearTimeout(p.noteTimer);
    p.noteTimer = setTimeout(commit, 800);
  };
  p.commitNote = commit;
  note.addEventListener('compositionstart', () => { p.composing = true; });
  note.addEventListener('compositionend', () => { p.composing = false; schedule(); });
  note.addEventListener('input', (event) => {
    if (!event.isComposing && !p.composing) schedule();
  });
  note.addEventListener('blur', commit);
  note.addEventListener('focus', () => focus(p));
}
