// Saving: one slot per (passage, label set or note). The screen shows what the editor chose
// at once; the slot sends it, one request at a time, and the latest choice always wins.

import { putJSON } from './api.js';

const same = (a, b) => {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  const key = (list) => JSON.stringify(list.map((x) => JSON.stringify(x)).sort());
  return key(a) === key(b);
};

export class Slot {
  constructor(passageId, name, field, url, stored) {
    this.passageId = passageId;
    this.name = name; // a label set name, or '#note'
    this.field = field; // 'values' | 'spans' | 'text'
    this.url = url;
    const empty = field === 'text' ? '' : [];
    this.saved = stored ? stored[field] : empty;
    this.desired = this.saved;
    this.version = stored ? stored.version : null;
    this.inflight = false;
    this.failed = false; // not saved for a reason a retry may fix (network, server, sign-in)
    this.error = null;
    this.savedHere = false; // saved from this page at least once
    this.lostText = null; // my note text refused by a version conflict
  }

  get dirty() {
    return !same(this.desired, this.saved);
  }
}

export class Saver {
  constructor(strings, onChange) {
    this.strings = strings;
    this.onChange = onChange;
    this.slots = [];
    this.undoStack = [];
  }

  add(slot) {
    this.slots.push(slot);
    return slot;
  }

  /** Record the editor's choice, show it, and save it. */
  change(slot, value, { undoable = true } = {}) {
    if (same(slot.desired, value)) return;
    if (undoable) this.undoStack.push({ slot, before: slot.desired, after: value });
    slot.desired = value;
    slot.lostText = null;
    this.onChange(slot, 'changed');
    this.flush(slot);
  }

  /** Revert the last change made on this page; the revert is saved like any change. */
  undo() {
    const entry = this.undoStack.pop();
    if (!entry) return null;
    this.change(entry.slot, entry.before, { undoable: false });
    this.onChange(entry.slot, 'undone');
    return entry;
  }

  async flush(slot) {
    if (slot.inflight) return; // the running request re-checks when it ends
    if (!slot.dirty) {
      slot.failed = false;
      this.onChange(slot, 'status');
      return;
    }
    slot.inflight = true;
    slot.failed = false;
    this.onChange(slot, 'status');
    const sending = slot.desired;
    const res = await putJSON(slot.url, { [slot.field]: sending, version: slot.version });
    slot.inflight = false;
    const data = res.data || {};
    if (res.ok) {
      slot.saved = data[slot.field];
      slot.version = data.version;
      slot.error = null;
      slot.savedHere = true;
      if (same(slot.desired, sending)) slot.desired = slot.saved;
    } else if (res.status === 409 && 'current' in data) {
      // Another tab or editor saved first: show what is stored now, keep nothing stale.
      const current = data.current;
      slot.saved = current ? current[slot.field] : (slot.field === 'text' ? '' : []);
      slot.version = current ? current.version : null;
      if (slot.field === 'text' && sending !== slot.saved) slot.lostText = sending;
      slot.desired = slot.saved;
      slot.error = data.error || this.strings.conflict;
      this.onChange(slot, 'conflict');
    } else if ([400, 404, 413].includes(res.status) && data.error && data.field !== 'csrf_token') {
      // The server refused this value: say why and show what is stored.
      slot.desired = slot.saved;
      slot.error = data.error;
      this.onChange(slot, 'refused');
    } else {
      // Network, server or sign-in trouble: keep the choice here so a retry can save it.
      slot.failed = true;
      if (res.status === 401) slot.error = this.strings.signed_out;
      else slot.error = res.status === 0 ? this.strings.network : data.error || this.strings.network;
    }
    this.onChange(slot, 'status');
    if (res.ok && slot.dirty) this.flush(slot);
  }

  retry(passageId) {
    for (const slot of this.slots) {
      if (slot.passageId === passageId && slot.failed) this.flush(slot);
    }
  }

  unsaved() {
    return this.slots.some((s) => s.inflight || s.failed || s.dirty);
  }

  /** Wait (a few seconds at most) until no request is running. */
  async settle(limitMs = 5000) {
    const until = Date.now() + limitMs;
    while (this.slots.some((s) => s.inflight) && Date.now() < until) {
      await new Promise((resolve) => { setTimeout(resolve, 40); });
    }
  }
}
