// Review page: selecting text in the passage under review fills the new span's offsets.
// Offsets are Unicode code points (what the server stores), not the browser's UTF-16 units.
(function () {
  "use strict";
  var passage = document.querySelector("[data-review-text]");
  var start = document.querySelector("[data-new-start]");
  var end = document.querySelector("[data-new-end]");
  if (!passage || !start || !end) return;

  function codePoints(text) { return Array.from(text).length; }

  function offsetWithin(node, offset) {
    var range = document.createRange();
    range.selectNodeContents(passage);
    range.setEnd(node, offset);
    return codePoints(range.toString());
  }

  passage.addEventListener("mouseup", function () {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
    var range = selection.getRangeAt(0);
    if (!passage.contains(range.startContainer) || !passage.contains(range.endContainer)) return;
    var a = offsetWithin(range.startContainer, range.startOffset);
    var b = offsetWithin(range.endContainer, range.endOffset);
    if (b <= a) return;
    start.value = String(a);
    end.value = String(b);
  });
})();
