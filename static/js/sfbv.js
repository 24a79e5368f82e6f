/* SFBV: small progressive enhancements. Every page does its job without this file. */
(function () {
  "use strict";

  // A table wider than its box scrolls inside it. Mark such a box so that the style
  // sheet shows the line saying the table can be scrolled sideways, and make it a named
  // region that the keyboard can reach and scroll with the arrow keys.
  function markWideTables() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var table = wrap.querySelector("table");
      var wide = table !== null && table.scrollWidth > wrap.clientWidth + 1;
      wrap.classList.toggle("table-wrap--rullar", wide);
      if (wide && !wrap.hasAttribute("tabindex")) {
        var caption = table.querySelector("caption");
        var name = caption !== null ? caption.textContent.trim() : "";
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", name || "Tabell");
        wrap.setAttribute("data-sfbv-rullar", "");
      } else if (!wide && wrap.hasAttribute("data-sfbv-rullar")) {
        ["tabindex", "role", "aria-label", "data-sfbv-rullar"].forEach(function (a) {
          wrap.removeAttribute(a);
        });
      }
    });
  }

  // The board's recommendation, shown as the whole sentence while it is written. The
  // server renders the same preview (and again on "Förhandsgranska") without script.
  function followRecommendations() {
    document.querySelectorAll("[data-rek-for]").forEach(function (preview) {
      var field = document.getElementById(preview.getAttribute("data-rek-for"));
      var text = preview.querySelector(".rek-forhandsvisning__text");
      if (field === null || text === null) {
        return;
      }
      var empty = preview.getAttribute("data-tom") || "";
      var update = function () {
        var value = field.value.trim();
        text.textContent = value || empty;
        text.classList.toggle("rek-forhandsvisning__text--tom", value === "");
      };
      field.addEventListener("input", update);
      update();
    });
  }

  function start() {
    markWideTables();
    followRecommendations();
    var timer = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(markWideTables, 150);
    });
    // A closed <details> hides its tables until opened.
    document.addEventListener("toggle", markWideTables, true);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
