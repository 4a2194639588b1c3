// Work orders by status on the staff list: rows come from the json_script "status-data".
// Runs on a full page load and again when htmx swaps the list in (hx-boost does not load the
// <head> of the new page, so ECharts is fetched here when it is missing).
(function () {
  "use strict";
  var colours = {
    blue: "#2d7dd2", cyan: "#0fa3b1", indigo: "#4c51bf", orange: "#e67e22",
    yellow: "#d4a20c", green: "#27ae60", grey: "#7f8c8d", red: "#c0392b"
  };

  function draw() {
    var el = document.getElementById("status-chart");
    var data = document.getElementById("status-data");
    if (!el || !data || !window.echarts) return;
    var rows = JSON.parse(data.textContent);
    var chart = window.echarts.getInstanceByDom(el) || window.echarts.init(el);
    chart.setOption({
      // A canvas takes the page's fonts only when named: the same stack as the page.
      textStyle: {fontFamily: window.getComputedStyle(document.body).fontFamily},
      grid: {left: 40, right: 10, top: 10, bottom: 60},
      tooltip: {},
      xAxis: {
        type: "category",
        data: rows.map(function (r) { return r[1]; }),
        axisLabel: {interval: 0, rotate: 30}
      },
      yAxis: {type: "value"},
      series: [{
        type: "bar",
        data: rows.map(function (r) { return {value: r[2], itemStyle: {color: colours[r[3]]}}; })
      }]
    });
  }

  function start() {
    var el = document.getElementById("status-chart");
    if (!el) return;
    // Draw once the web font (Chinese labels) has loaded, or the labels come out as boxes.
    var ready = document.fonts && document.fonts.ready ? document.fonts.ready : Promise.resolve();
    if (window.echarts || !el.dataset.echarts) { ready.then(draw); return; }
    var script = document.createElement("script");
    script.src = el.dataset.echarts;
    script.onload = function () { ready.then(draw); };
    document.head.appendChild(script);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
