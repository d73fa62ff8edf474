/* fupan: small enhancements of our own; every page works without them.
   - A form marked data-warn-unsaved warns before leaving the page with text typed in it.
   - An input marked data-due-preview="ID" shows, in element ID, the due date that follows
     from the incident date typed (14 calendar days later).
   - A page re-rendered with a refusal brings the first refused field (or the alert) into
     view and focus, however far down the page the form was.
   - A form posts once: a second submit while the first is on its way (a double-click) is
     ignored; coming back to the page (the back button) allows it again. The server also
     treats a repeated submission as done, for when this script does not run.
   - A form marked data-confirm="QUESTION" asks the question before posting; without this
     script the server asks it on a page of its own (the form posts "confirmed" either way).
   - The school field of the registration form offers the schools of the jurisdiction
     chosen. */
(function () {
  "use strict";
  var dirty = false;
  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
  });
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.querySelector("input[name='confirmed']")) { return; }
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      var confirmed = document.createElement("input");
      confirmed.type = "hidden";
      confirmed.name = "confirmed";
      confirmed.value = "true";
      form.appendChild(confirmed);
    });
  });
  var place = document.getElementById("jurisdiction");
  var schools = document.getElementById("schools");
  if (place && schools) {
    var offer = function () {
      schools.querySelectorAll("option").forEach(function (option) {
        option.disabled = !!place.value && option.getAttribute("data-parent") !== place.value;
      });
    };
    place.addEventListener("change", offer);
    offer();
  }
  document.querySelectorAll("form[method='post']").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-sent")) { event.preventDefault(); return; }
      form.setAttribute("data-sent", "1");
    });
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sent]").forEach(function (form) {
      form.removeAttribute("data-sent");
    });
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  var refused = document.querySelector("[aria-invalid='true']") ||
    document.querySelector("main .problem[role='alert']");
  if (refused) {
    refused.scrollIntoView({ block: "center" });
    if (refused.focus) { refused.focus({ preventScroll: true }); }
  }
  document.querySelectorAll("input[data-due-preview]").forEach(function (input) {
    var out = document.getElementById(input.getAttribute("data-due-preview"));
    if (!out) { return; }
    var template = out.getAttribute("data-template") || "{date}";
    function show() {
      var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.value);
      if (!parts) { out.textContent = ""; return; }
      var due = new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3] + 14));
      var text = due.getUTCFullYear() + "-" + String(due.getUTCMonth() + 1).padStart(2, "0") +
        "-" + String(due.getUTCDate()).padStart(2, "0");
      out.textContent = template.replace("{date}", text);
    }
    input.addEventListener("input", show);
    input.addEventListener("change", show);
  });
}());
