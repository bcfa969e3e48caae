// Filter panels (<details data-open-wide>) are folded on a phone, so that the results come first,
// and open on a screen wide enough to show them beside the results (site.css's two columns).
(function () {
  "use strict";
  if (!window.matchMedia("(min-width: 60rem)").matches) {
    return;
  }
  document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
    details.open = true;
  });
})();
