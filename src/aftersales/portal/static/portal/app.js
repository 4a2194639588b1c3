// Behaviour for every page, kept out of the markup so that the Content-Security-Policy can
// forbid inline scripts and on…= attributes.
(function () {
  "use strict";
  // <select data-autosubmit> submits its form on change (the language switch).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("select[data-autosubmit]") && target.form) {
      target.form.submit();
    }
  });
})();
