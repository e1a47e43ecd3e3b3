"""The HTML page around the vis-network canvas (a Jinja template).

pyvis's own template loads Bootstrap from a CDN whatever ``cdn_resources``
says, which fails (and logs a console error) offline; this page inlines
vis-network and needs nothing from the network. Data reach the page only
through ``tojson`` (safe inside ``<script>``) and autoescaped text.
"""

PAGE = r"""<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>{{ vis_css }}</style>
<script>{{ vis_js }}</script>
<style>
  html, body { margin: 0; height: 100%; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #222; background: #fff; }
  #mn-page { display: flex; flex-direction: column; height: 100vh; }
  #mn-header { padding: 7px 14px 8px; border-bottom: 1px solid #ddd; background: #fafafa; }
  #mn-header .mn-line1, #mn-header .mn-line2 { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 18px; }
  #mn-header .mn-line2 { margin-top: 6px; align-items: center; }
  #mn-header h1 { font-size: 17px; margin: 0; font-weight: 600; }
  #mn-header .mn-stats { font-size: 13px; color: #555; }
  #mn-header label { font-size: 13px; color: #333; }
  #mn-header select { font-size: 13px; padding: 3px 6px; max-width: 260px; }
  #mn-main { flex: 1; display: flex; min-height: 0; }
  #mynetwork { flex: 1; min-width: 0; position: relative; background: #fff; }
  #mn-legend { width: 300px; overflow-y: auto; border-left: 1px solid #ddd; padding: 10px 12px; font-size: 12.5px; line-height: 1.35; background: #fcfcfc; }
  #mn-legend h2 { font-size: 13px; margin: 10px 0 5px; font-weight: 600; }
  #mn-legend h2:first-child { margin-top: 0; }
  #mn-legend .mn-row { display: flex; align-items: flex-start; gap: 7px; margin: 3px 0; }
  #mn-legend .mn-dot { flex: none; width: 13px; height: 13px; border-radius: 50%; border: 1.5px solid #555; margin-top: 1px; }
  #mn-legend .mn-dashed { flex: none; width: 13px; height: 13px; border-radius: 50%; border: 2px dashed {{ low_border }}; margin-top: 0; }
  #mn-legend .mn-sym { flex: none; width: 14px; text-align: center; color: #444; }
  #mn-legend .mn-line { flex: none; width: 22px; height: 4px; border-radius: 2px; margin-top: 6px; }
  #mn-legend button.mn-dir { all: unset; cursor: pointer; display: flex; gap: 7px; align-items: flex-start; margin: 3px 0; width: 100%; }
  #mn-legend button.mn-dir:hover span.mn-name { text-decoration: underline; }
  #mn-legend button.mn-dir.mn-active span.mn-name { font-weight: 600; }
  #mn-legend .mn-note { color: #555; margin: 3px 0; }
  #mn-legend .mn-hint { color: #777; margin-top: 12px; font-style: italic; }
  div.vis-tooltip { white-space: normal; max-width: 460px; font-family: inherit; font-size: 12.5px; line-height: 1.4; background: #fffef6; }
</style>
</head>
<body>
<div id="mn-page">
  <div id="mn-header">
    <div class="mn-line1"><h1>{{ title }}</h1><span class="mn-stats">{{ subtitle }}</span></div>
    <div class="mn-line2">
    <label>{{ t.direction }}:
      <select id="mn-direction" onchange="mentornetApplyFilters()">
        <option value="">{{ t.all_directions }}</option>
        {% for d in directions %}<option value="{{ d.id }}">{{ d.label }}</option>{% endfor %}
      </select>
    </label>
    <label>{{ t.municipality }}:
      <select id="mn-municipality" onchange="mentornetApplyFilters()">
        <option value="">{{ t.all_municipalities }}</option>
        {% for m in municipalities %}<option value="{{ m.id }}">{{ m.label }}</option>{% endfor %}
      </select>
    </label>
    <span class="mn-stats" id="mn-visible"></span>
    </div>
  </div>
  <div id="mn-main">
    <div id="mynetwork"></div>
    <div id="mn-legend">
      <h2>{{ t.roles }}</h2>
      {% for r in roles %}<div class="mn-row"><span class="mn-dot" style="background: {{ r.color }}; border-color: {{ r.border }}"></span><span class="mn-sym" aria-hidden="true">{{ r.symbol }}</span><span>{{ r.label }}</span></div>{% endfor %}
      {% if any_low %}<div class="mn-row"><span class="mn-dashed"></span><span>{{ t.low_results }}</span></div>{% endif %}
      <div class="mn-note">{{ t.size }}</div>
      <h2>{{ t.kinds }}</h2>
      {% for k in kinds %}<div class="mn-row"><span class="mn-sym">{{ k.symbol }}</span><span>{{ k.label }}</span></div>{% endfor %}
      {% if directions %}<h2>{{ t.directions }}</h2>
      {% if pairs %}<div class="mn-note">{{ t.arrow }}</div>{% endif %}
      {% for d in directions %}<button type="button" class="mn-dir" data-direction="{{ d.id }}" onclick="mentornetPickDirection(this.dataset.direction)"><span class="mn-line" style="background: {{ d.color }}"></span><span class="mn-name">{{ d.label }}</span></button>{% endfor %}{% endif %}
      <div class="mn-hint">{{ t.hint }}</div>
    </div>
  </div>
</div>
<script>
  var nodes, edges, network;
  var MN = {{ meta|tojson }};
  window.mentornetReady = false;

  function mentornetMarkReady() {
    if (window.mentornetReady) { return; }
    window.mentornetReady = true;
    window.mentornetReadyMs = performance.now();
    document.body.setAttribute("data-mentornet-ready", "1");
  }

  function mentornetApplyFilters() {
    var d = document.getElementById("mn-direction").value;
    var m = document.getElementById("mn-municipality").value;
    var touched = {};
    var edgeUpdates = [];
    var shown = 0;
    edges.forEach(function (e) {
      var visible = (d === "" || e.direction === d) &&
        (m === "" || e.mentorMunicipality === m || e.traineeMunicipality === m);
      if (visible) { touched[e.from] = true; touched[e.to] = true; shown += 1; }
      if (!!e.hidden === visible) { edgeUpdates.push({id: e.id, hidden: !visible}); }
    });
    edges.update(edgeUpdates);
    var nodeUpdates = [];
    nodes.forEach(function (n) {
      // With a municipality chosen, its partners elsewhere stay visible so outside links can be read.
      var visible = m === "" || n.municipality === m || touched[n.id] === true;
      var color = n.baseColor;
      var opacity = 1;
      var sign = MN.roleSymbols[n.role];
      if (d !== "") {
        var role = n.roles[d];
        sign = MN.roleSymbols[role];
        if (role) { color = MN.roleColors[role]; } else { color = MN.fadedColor; opacity = 0.35; }
        if (n.lowResults) { color = Object.assign({}, color, {border: MN.lowBorder}); }
      }
      nodeUpdates.push({id: n.id, hidden: !visible, color: color, opacity: opacity,
                        label: sign ? sign + " " + n.baseLabel : n.baseLabel});
    });
    nodes.update(nodeUpdates);
    document.querySelectorAll("#mn-legend button.mn-dir").forEach(function (b) {
      b.classList.toggle("mn-active", b.dataset.direction === d);
    });
    if (MN.pairs) {
      document.getElementById("mn-visible").textContent = MN.visibleLabel + ": " + shown + " / " + edges.length;
    }
  }

  function mentornetPickDirection(id) {
    var select = document.getElementById("mn-direction");
    select.value = select.value === id ? "" : id;
    mentornetApplyFilters();
  }

  (function draw() {
    nodes = new vis.DataSet({{ nodes|tojson }});
    edges = new vis.DataSet({{ edges|tojson }});
    var options = {{ options|tojson }};
    var container = document.getElementById("mynetwork");
    network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
    if (MN.clusters.length > 1) {
      // Municipality groups: a pale disc and the name above each cluster.
      network.on("beforeDrawing", function (ctx) {
        ctx.save();
        MN.clusters.forEach(function (c) {
          ctx.beginPath();
          ctx.arc(c.x, c.y, c.r, 0, 2 * Math.PI);
          ctx.fillStyle = "rgba(120, 130, 150, 0.07)";
          ctx.fill();
        });
        ctx.restore();
      });
      network.on("afterDrawing", function (ctx) {
        ctx.save();
        ctx.textAlign = "center";
        ctx.fillStyle = "#445";
        MN.clusters.forEach(function (c) {
          ctx.font = "600 " + c.font + "px system-ui, Arial, sans-serif";
          ctx.fillText(c.label, c.x, c.y - c.r - c.font * 0.4);
        });
        ctx.restore();
      });
    }
    if (MN.physics) {
      network.once("stabilizationIterationsDone", function () {
        // Still from here on: dragging a school moves only that school.
        network.setOptions({physics: false});
        network.fit();
        network.once("afterDrawing", mentornetMarkReady);
        network.redraw();
      });
    } else {
      network.fit();
      network.once("afterDrawing", mentornetMarkReady);
      network.redraw();
    }
    mentornetApplyFilters();
  })();
</script>
</body>
</html>
"""
