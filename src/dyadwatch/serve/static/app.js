// Actor autocompletion for every input with class "actor-input" (fills the shared <datalist>).
(function () {
  const list = document.getElementById("actor-options");
  if (!list) return;
  let timer = null;
  async function suggest(q) {
    const res = await fetch("/api/actors?limit=15&q=" + encodeURIComponent(q));
    if (!res.ok) return;
    const data = await res.json();
    list.replaceChildren(...data.actors.map((a) => {
      const opt = document.createElement("option");
      opt.value = a.code;
      opt.label = [a.name, (a.texts || []).join(", "), a.mentions + " mentions"].filter(Boolean).join(" · ");
      return opt;
    }));
  }
  document.querySelectorAll("input.actor-input").forEach((input) => {
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => suggest(input.value.trim()), 150);
    });
    input.addEventListener("focus", () => suggest(input.value.trim()), { once: true });
  });
})();
