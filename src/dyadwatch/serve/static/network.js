// Network: actors as nodes (size = events), edges weighted by events, coloured by net cooperation.
(function () {
  const el = document.getElementById("network-chart");
  if (!el || !window.echarts) return;
  const chart = echarts.init(el);
  const colour = (e) => {
    const share = e.events ? (e.cooperation - e.conflict) / e.events : 0;
    return share > 0.2 ? "#2a8a57" : share < -0.2 ? "#c2413b" : "#9aa3b2";
  };
  fetch("/api/network?level=" + encodeURIComponent(el.dataset.level || "country"))
    .then((r) => r.json())
    .then((net) => {
      const note = document.getElementById("network-note");
      if (!net.edges || !net.edges.length) { el.textContent = "No dyads with both actors coded yet."; return; }
      const maxNode = Math.max(...net.nodes.map((n) => n.events));
      const maxEdge = Math.max(...net.edges.map((e) => e.events));
      el.dataset.nodes = net.nodes.length;
      note.textContent = `${net.nodes.length} actors, ${net.edges.length} dyads.`;
      chart.setOption({
        animation: false,
        tooltip: { formatter: (p) => p.dataType === "edge"
          ? `<b>${p.data.source} – ${p.data.target}</b><br>${p.data.events} events: ${p.data.cooperation} cooperation, ${p.data.conflict} conflict<br>mean Goldstein ${p.data.goldstein_mean}`
          : `<b>${p.data.name}</b><br>${p.data.value} events` },
        series: [{
          type: "graph", layout: "force", roam: true, draggable: true,
          force: { repulsion: net.nodes.length > 10 ? 380 : 300, edgeLength: [70, 190], gravity: 0.12 },
          label: { show: true, position: "right", fontSize: 12 },
          edgeLabel: { show: net.edges.length <= 12, formatter: (p) => String(p.data.events), fontSize: 11, color: "#444" },
          emphasis: { focus: "adjacency", edgeLabel: { show: true, formatter: (p) => String(p.data.events) } },
          zoom: net.nodes.length < 10 ? 1.5 : 1,
          data: net.nodes.map((n) => ({ name: n.id, value: n.events, symbolSize: 12 + 34 * Math.sqrt(n.events / maxNode), itemStyle: { color: "#1f5fa8" } })),
          links: net.edges.map((e) => ({ source: e.a, target: e.b, events: e.events, cooperation: e.cooperation, conflict: e.conflict,
            goldstein_mean: e.goldstein_mean, lineStyle: { width: 1 + 9 * e.events / maxEdge, color: colour(e), opacity: 0.85 } })),
        }],
      });
      chart.on("click", (p) => { if (p.dataType === "edge") location.href = `/dyad?a=${encodeURIComponent(p.data.source)}&b=${encodeURIComponent(p.data.target)}`; });
    });
  window.addEventListener("resize", () => chart.resize());
})();
