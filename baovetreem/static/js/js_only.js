// Controls that only work with JavaScript (the type-ahead of the transfer's commune) are sent
// hidden and shown here, also when htmx swaps them into the page.
(function () {
  function reveal(root) {
    root.querySelectorAll("[data-js-only][hidden]").forEach(function (el) { el.hidden = false; });
  }
  document.addEventListener("DOMContentLoaded", function () { reveal(document); });
  document.addEventListener("htmx:afterSwap", function (event) { reveal(event.target); });
})();
