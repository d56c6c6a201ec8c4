// Follows an open execution: polls the follow endpoint and puts what is new on the page.
// No library; the page works without it (reload to see new events).
(function () {
  "use strict";
  var root = document.getElementById("execution");
  if (!root || root.dataset.open !== "yes") { return; }
  var last = parseInt(root.dataset.lastEventId, 10) || 0;
  var onLastPage = root.dataset.onLastPage === "yes";
  var delay = 1000;

  function apply(data) {
    if (data.last_event_id <= last) { return; }
    last = data.last_event_id;
    root.dataset.lastEventId = String(last);
    var sections = data.sections || {};
    Object.keys(sections).forEach(function (name) {
      var node = document.getElementById(name);
      // The server rendered these fragments with every value escaped.
      if (node) { node.innerHTML = sections[name]; }
    });
    if (onLastPage && data.event_rows) {
      document.getElementById("event-rows").insertAdjacentHTML("beforeend", data.event_rows);
    }
  }

  function poll() {
    var request = new XMLHttpRequest();
    request.open("GET", root.dataset.follow + "&after=" + last);
    request.onload = function () {
      if (request.status === 200) {
        var data = JSON.parse(request.responseText);
        apply(data);
        if (!data.is_open) { root.dataset.open = "no"; return; }
      } else if (request.status >= 400 && request.status < 500) {
        return;  // gone (or refused): asking again would not help; a reload shows why
      }
      window.setTimeout(poll, delay);
    };
    request.onerror = function () { window.setTimeout(poll, delay * 3); };
    request.send();
  }
  window.setTimeout(poll, delay);
})();
