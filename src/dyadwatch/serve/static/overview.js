// "New since your last visit" on the overview: rows (rounds, alerts, events) stored after the newest
// stored time this browser saw on its previous visit get a "new" marker. Times are the database's own
// (data-stored-at, data-seen-until: ISO, no zone), so the browser's clock and time zone never matter.
(function () {
  const note = document.getElementById("since-last-visit");
  if (!note) return;
  const key = "dyadwatch.seenUntil." + note.dataset.key;
  const seenUntil = note.dataset.seenUntil;
  let previous = null;
  try {
    previous = window.localStorage.getItem(key);
    if (seenUntil) window.localStorage.setItem(key, seenUntil);
  } catch (err) {
    note.textContent = "This browser keeps no local storage, so nothing can be marked new.";
    return;
  }
  if (!previous) {
    note.textContent = "First visit from this browser: what is stored from now on will be marked new.";
    return;
  }
  const since = Date.parse(previous);
  let marked = 0;
  document.querySelectorAll("[data-stored-at]").forEach((row) => {
    const at = Date.parse(row.dataset.storedAt);
    if (!(at > since)) return;
    row.classList.add("is-new");
    const badge = document.createElement("span");
    badge.className = "new-badge";
    badge.textContent = "new";
    (row.tagName === "TR" ? row.cells[0] : row).prepend(badge, " ");
    marked += 1;
  });
  const when = previous.slice(0, 19).replace("T", " ");
  note.textContent = marked
    ? `${marked} row(s) marked new: stored since your last visit (which saw the store up to ${when}).`
    : `Nothing new since your last visit (which saw the store up to ${when}).`;
})();
