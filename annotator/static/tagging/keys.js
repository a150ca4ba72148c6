// Keyboard shortcuts. They never fire while the editor types in a text field or while an
// input method is composing, so typing Chinese in a note is always safe.

function isTextField(el) {
  if (!el || el === document.body) return false;
  if (el.isContentEditable) return true;
  if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  if (el.tagName !== 'INPUT') return false;
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color'].includes(el.type);
}

/** The pressed key as a lower-case character; with Alt, from the physical key (macOS). */
function keyName(event) {
  if (event.altKey && /^(Key[A-Z]|Digit[0-9])$/.test(event.code)) {
    return event.code.slice(-1).toLowerCase();
  }
  return event.key.length === 1 ? event.key.toLowerCase() : event.key;
}

/**
 * Install the shortcuts. `labelKeys` maps a key to {set, label}; `actions` holds the
 * handlers: label(set, label, exact), move(step), next(), undo(), escape(), help(open?),
 * selectNext() and link() for holder links, picking() and pick(number) while linking.
 */
export function installKeys(labelKeys, actions, helpIsOpen) {
  document.addEventListener('keydown', (event) => {
    // 229 is what browsers report for keys an input method consumes.
    if (event.isComposing || event.keyCode === 229) return;
    if (isTextField(event.target)) {
      if (event.key === 'Escape') event.target.blur();
      return;
    }
    const key = keyName(event);
    if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && key === 'z') {
      event.preventDefault();
      actions.undo();
      return;
    }
    if (event.ctrlKey || event.metaKey) return;
    if (helpIsOpen()) {
      if (key === 'Escape' || key === '?') {
        event.preventDefault();
        actions.help(false);
      }
      return;
    }
    const handled = dispatch(key, event, labelKeys, actions);
    if (handled) event.preventDefault();
  });
}

function dispatch(key, event, labelKeys, actions) {
  // While a holder is being picked for an evidence span, number keys pick holders.
  if (actions.picking() && /^[1-9]$/.test(key)) {
    actions.pick(Number(key));
    return true;
  }
  const bound = labelKeys.get(key);
  if (bound) {
    actions.label(bound.set, bound.label, event.altKey);
    return true;
  }
  switch (key) {
    case 'j': case 'ArrowDown': actions.move(1); return true;
    case 'k': case 'ArrowUp': actions.move(-1); return true;
    case 'n': actions.next(); return true;
    case 'u': actions.undo(); return true;
    case 't': actions.selectNext(); return true;
    case 'l': actions.link(); return true;
    case 'Escape': actions.escape(); return true;
    case '?': actions.help(true); return true;
    default: return false;
  }
}
