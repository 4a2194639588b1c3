// The fault statistics page's charts: the bar chart from the rows embedded in the page
// (json_script "fault-data"), the failures-per-1,000 curve from the API's JSON (data-url).
// Runs on a full page load and again when htmx swaps the page in (hx-boost does not load the
// <head> of the new page, so ECharts is fetched here when it is missing).
(function () {
  "use strict";
  var BLUE = "#2d7dd2", ORANGE = "#e67e22";

  function font() {
    // A canvas takes the page's fonts only when named: the same stack as the page.
    return {fontFamily: window.getComputedStyle(document.body).fontFamily};
  }

  function chartOn(el) {
    return window.echarts.getInstanceByDom(el) || window.echarts.init(el);
  }

  function narrow() {
    return window.matchMedia("(max-width: 640px)").matches;
  }

  function compact(value) {
    // 12,000 → "1.2万" or "12K", as the page's language writes short numbers.
    try {
      return new Intl.NumberFormat(document.documentElement.lang || undefined,
                                   {notation: "compact", maximumFractionDigits: 1}).format(value);
    } catch (e) {
      return String(value);
    }
  }

  function textWidth(texts, family) {
    var context = document.createElement("canvas").getContext("2d");
    context.font = "12px " + family;
    return texts.reduce(function (widest, text) {
      return Math.max(widest, context.measureText(text).width);
    }, 0);
  }

  function drawBars() {
    var el = document.getElementById("fault-chart");
    var data = document.getElementById("fault-data");
    if (!el || !data) return;
    var rows = JSON.parse(data.textContent);
    var labels = rows.map(function (r) { return r.label; });
    // One pair of bars per group, largest on top, labels on the left: long part names fit a
    // phone. The labels' room is measured here (ECharts' own estimate clipped some of them).
    var style = font();
    var room = Math.ceil(Math.min(textWidth(labels, style.fontFamily) + 6, narrow() ? 120 : 240));
    el.style.height = Math.max(240, rows.length * 34 + 80) + "px";
    var chart = chartOn(el);
    chart.resize();
    chart.setOption({
      textStyle: style,
      legend: {top: 0, data: [el.dataset.claims, el.dataset.approved]},
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
      grid: {left: room + 16, right: 24, top: 56, bottom: 24},
      xAxis: [
        {type: "value", position: "bottom", minInterval: 1, axisLabel: {formatter: compact}},
        {type: "value", position: "top", splitLine: {show: false}, axisLabel: {formatter: compact}}
      ],
      yAxis: {
        type: "category",
        inverse: true,
        data: labels,
        axisLabel: {width: room, overflow: "truncate"}
      },
      series: [
        {name: el.dataset.claims, type: "bar", xAxisIndex: 0, itemStyle: {color: BLUE},
         data: rows.map(function (r) { return r.claims; })},
        {name: el.dataset.approved, type: "bar", xAxisIndex: 1, itemStyle: {color: ORANGE},
         data: rows.map(function (r) { return parseFloat(r.approved); })}
      ]
    }, true);
  }

  function drawCurve(answer) {
    var el = document.getElementById("curve-chart");
    if (!el) return;
    var chart = chartOn(el);
    var series = answer.series || [];
    if (!series.length) {
      chart.setOption({
        textStyle: font(),
        title: {text: el.dataset.empty, left: "center", top: "middle",
                textStyle: {fontSize: 14, fontWeight: "normal", color: "#66788a"}}
      }, true);
      return;
    }
    chart.setOption({
      textStyle: font(),
      legend: {type: "scroll", top: 0},
      tooltip: {trigger: "axis"},
      grid: {left: 8, right: 24, top: 64, bottom: 28, containLabel: true},
      xAxis: {type: "value", name: el.dataset.x, nameLocation: "middle", nameGap: 24,
              min: 0, max: answer.max_months, minInterval: 1},
      yAxis: {type: "value", name: el.dataset.y},
      series: series.map(function (s) {
        return {
          name: s.label,
          type: "line",
          showSymbol: false,
          data: s.points.map(function (p) {
            return [p.months, parseFloat(p.cumulative_per_1000)];
          })
        };
      })
    }, true);
  }

  function fetchCurve() {
    var el = document.getElementById("curve-chart");
    if (!el || !el.dataset.url) return;
    fetch(el.dataset.url, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (response) {
        if (!response.ok) throw new Error("curve: HTTP " + response.status);
        return response.json();
      })
      .then(drawCurve)
      .catch(function (error) {
        el.textContent = error.message;
      });
  }

  function draw() {
    if (!window.echarts) return;
    drawBars();
    fetchCurve();
  }

  function resize() {
    if (!window.echarts) return;
    ["fault-chart", "curve-chart"].forEach(function (id) {
      var el = document.getElementById(id);
      var chart = el && window.echarts.getInstanceByDom(el);
      if (chart) chart.resize();
    });
  }

  function start() {
    var el = document.getElementById("fault-chart");
    if (!el) return;
    // Draw once the web font (Chinese labels) has loaded, or the labels come out as boxes.
    var ready = document.fonts && document.fonts.ready ? document.fonts.ready : Promise.resolve();
    if (window.echarts || !el.dataset.echarts) { ready.then(draw); return; }
    var script = document.createElement("script");
    script.src = el.dataset.echarts;
    script.onload = function () { ready.then(draw); };
    document.head.appendChild(script);
  }

  if (!window.faultChartsResize) {
    window.faultChartsResize = true;
    window.addEventListener("resize", resize);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
