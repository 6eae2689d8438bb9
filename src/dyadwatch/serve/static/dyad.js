// Dyad timeline: cooperation up, conflict down (events per period), mean Goldstein as a line.
(function () {
  const el = document.getElementById("dyad-chart");
  if (!el || !window.echarts) return;
  const { a, b, by } = el.dataset;
  const n = (v) => Number(v) || 0;
  // dyad_series gives one row per period and direction: add the two directions up per period.
  function byPeriod(series) {
    const periods = new Map();
    for (const row of series) {
      const key = String(row.period || "");
      if (!key) continue;
      const p = periods.get(key) || { period: key, events: 0, quads: [0, 0, 0, 0], sum: 0, directions: [] };
      p.events += n(row.events);
      p.quads[0] += n(row.q1_verbal_coop); p.quads[1] += n(row.q2_material_coop);
      p.quads[2] += n(row.q3_verbal_conflict); p.quads[3] += n(row.q4_material_conflict);
      p.sum += n(row.goldstein_sum);
      if (row.direction) p.directions.push(`${row.direction}: ${n(row.events)}`);
      periods.set(key, p);
    }
    return [...periods.values()].sort((x, y) => x.period.localeCompare(y.period)).map((p) => ({
      ...p, coop: p.quads[0] + p.quads[1], conf: p.quads[2] + p.quads[3], mean: p.events ? p.sum / p.events : null,
    }));
  }
  // Periods with no events still get a (zero) slot, so the time axis is even (days and months).
  function fillGaps(rows) {
    if (rows.length < 2 || by === "week") return rows;
    const have = new Map(rows.map((r) => [r.period, r]));
    const out = [];
    const d = new Date(rows[0].period + (by === "month" ? "-01" : "") + "T00:00:00Z");
    const last = rows[rows.length - 1].period;
    for (let i = 0; i < 3700; i++) {
      const key = d.toISOString().slice(0, by === "month" ? 7 : 10);
      out.push(have.get(key) || { period: key, events: 0, quads: [0, 0, 0, 0], sum: 0, directions: [], coop: 0, conf: 0, mean: null });
      if (key >= last) break;
      if (by === "month") d.setUTCMonth(d.getUTCMonth() + 1); else d.setUTCDate(d.getUTCDate() + 1);
    }
    return out;
  }
  function isoWeek(day) {  // "2024-11-12" -> "2024-W46", as strftime('%G-W%V')
    const d = new Date(day + "T00:00:00Z");
    if (isNaN(d)) return "";
    const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 4 - (d.getUTCDay() || 7)));
    const week = Math.ceil(((t - Date.UTC(t.getUTCFullYear(), 0, 1)) / 86400000 + 1) / 7);
    return `${t.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
  }
  const chart = echarts.init(el);
  const note = document.getElementById("chart-note");
  fetch(`/api/dyad?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}&by=${encodeURIComponent(by)}`)
    .then((r) => r.json().then((body) => ({ ok: r.ok, body })))
    .then(({ ok, body }) => {
      if (!ok) { el.textContent = "No time series: " + (body.detail || body.message || "error"); el.classList.add("empty"); return; }
      const rows = fillGaps(byPeriod(body.series || []));
      if (!rows.length) { el.textContent = `No dated events between ${a} and ${b}.`; el.classList.add("empty"); return; }
      el.dataset.points = rows.length;
      // Symmetric axis (0 events level with Goldstein 0), four whole-number steps each way.
      const step = Math.max(1, Math.ceil(Math.max(1, ...rows.map((r) => Math.max(r.coop, r.conf))) / 4));
      const top = step * 4;
      chart.setOption({
        animation: false,
        title: { text: `${a} – ${b}: events per ${by}`, left: 8, top: 4, textStyle: { fontSize: 14 } },
        legend: { top: 6, right: 10, data: ["Cooperation (quad 1–2)", "Conflict (quad 3–4)", "Mean Goldstein"] },
        grid: { left: 56, right: 64, top: 48, bottom: 56 },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" },
          formatter: (ps) => {
            const r = rows[ps[0].dataIndex];
            return `<b>${r.period}</b> (${by})<br>cooperation: ${r.coop} events<br>conflict: ${r.conf} events<br>` +
              `quads 1–4: ${r.quads.join(" / ")}<br>${r.directions.join("<br>")}<br>` +
              `Goldstein mean: ${r.mean === null ? "–" : r.mean.toFixed(2)}, sum: ${r.sum.toFixed(1)}`;
          } },
        xAxis: { type: "category", name: by === "week" ? "ISO week" : by, nameLocation: "middle", nameGap: 32, data: rows.map((r) => r.period) },
        yAxis: [
          { type: "value", name: "events (conflict below 0)", nameLocation: "middle", nameGap: 38, interval: step,
            min: -top, max: top, axisLabel: { formatter: (v) => Math.abs(v) } },
          { type: "value", name: "mean Goldstein (−10…+10)", nameLocation: "middle", nameGap: 40, min: -10, max: 10, splitLine: { show: false } },
        ],
        series: [
          { name: "Cooperation (quad 1–2)", type: "bar", stack: "n", barMaxWidth: 48, data: rows.map((r) => r.coop), itemStyle: { color: "#2a8a57" } },
          { name: "Conflict (quad 3–4)", type: "bar", stack: "n", barMaxWidth: 48, data: rows.map((r) => -r.conf), itemStyle: { color: "#c2413b" } },
          { name: "Mean Goldstein", type: "line", yAxisIndex: 1, data: rows.map((r) => r.mean), itemStyle: { color: "#1f5fa8" }, connectNulls: true, symbolSize: 7 },
        ],
      });
      chart.on("click", (p) => {
        const r = rows[p.dataIndex];
        if (!r) return;
        const inPeriod = (d) => by === "week" ? isoWeek(d) === r.period : d.startsWith(r.period);
        document.querySelectorAll("#dyad-events tbody tr[data-day]").forEach((tr) => {
          tr.style.display = inPeriod(tr.dataset.day) ? "" : "none";
        });
        note.textContent = `Showing events from the ${by} of ${r.period}. Reload to show all.`;
      });
    });
  window.addEventListener("resize", () => chart.resize());
})();
