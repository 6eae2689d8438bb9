// Mark the sentence (and the event row) that the URL's #e-<event_id> points at, and scroll to it.
(function () {
  function mark() {
    document.querySelectorAll(".current").forEach((el) => el.classList.remove("current"));
    const id = decodeURIComponent(location.hash.slice(1));
    if (!id.startsWith("e-")) return;
    const anchor = document.getElementById(id);
    if (!anchor) return;
    const sentence = anchor.closest(".sent");
    if (sentence) { sentence.classList.add("current"); sentence.scrollIntoView({ block: "center" }); }
    const row = document.getElementById("row-" + id.slice(2));
    if (row) { row.classList.add("current"); row.scrollIntoView({ block: "nearest" }); }
  }
  window.addEventListener("hashchange", mark);
  mark();
})();
