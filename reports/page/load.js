/*
 * load.js: draws report.html's load-test section with d3 from the LoadSection embedded as
 * #invitesim-load (load/report-data.ts): headline cards, notes, latency percentiles per
 * second, throughput against the target rate, and the latency distribution (an HDR
 * percentile plot). Charts take their container's width and are redrawn when it changes.
 * Browser only; independent of report.js, so a folder holding only a load test gets the
 * same section. All text goes through textContent, never innerHTML.
 */
(function () {
  'use strict';

  var source = document.getElementById('invitesim-load');
  if (!source) return;
  var data = JSON.parse(source.textContent);
  var s = data.series;
  var n = s.second.length;
  var H = 380;
  var M = { top: 34, right: 20, bottom: 48, left: 64 };
  /** Narrowest drawing width: below it the chart scrolls inside its card rather than crushing its axes. */
  var MIN_W = 280;
  var LATENCY = [
    ['p50Ms', 'p50', '#1f77b4'],
    ['p90Ms', 'p90', '#2ca02c'],
    ['p99Ms', 'p99', '#e4572e'],
    ['maxMs', 'max', '#7f7f7f'],
  ];
  var COLORS = { throughput: '#1f77b4', target: '#333333', errors: '#b42318', timeouts: '#ff7f0e' };
  var UNITS = { ms: 'milliseconds', 'req/s': 'requests per second', share: 'of requests' };

  // ---------- formatting ----------
  var fSig = d3.format('.3~g');
  var fInt = d3.format(',.0f');
  function fmtMs(x) {
    if (x === null || x === undefined) return '–';
    return x >= 100 ? fInt(x) : fSig(x);
  }
  function fmt(unit, x) {
    if (x === null || x === undefined) return '–';
    if (unit === 'share') return d3.format('.3~%')(x);
    if (unit === 'req/s') return x >= 100 ? fInt(x) : fSig(x);
    return fmtMs(x);
  }

  // ---------- tooltip (the page's shared #tooltip element) ----------
  var showTip = invitesimTooltip.show;
  var hideTip = invitesimTooltip.hide;

  // ---------- chart frame ----------
  function plotOf(name) {
    return document.querySelector('#load [data-chart="' + name + '"] .plot');
  }
  /** An SVG as wide as its container (drawn at 1:1, so text keeps its size on a phone). */
  function frame(name, title) {
    var el = plotOf(name);
    el.textContent = '';
    var width = Math.max(MIN_W, Math.floor(el.clientWidth));
    var height = width < 600 ? 300 : H;
    var svg = d3.select(el).append('svg').attr('viewBox', '0 0 ' + width + ' ' + height).attr('width', width).attr('height', height).attr('role', 'img').attr('aria-label', title);
    var g = svg.append('g').attr('transform', 'translate(' + M.left + ',' + M.top + ')');
    return { g: g, w: width - M.left - M.right, h: height - M.top - M.bottom };
  }
  function message(name, text) {
    var el = plotOf(name);
    el.textContent = '';
    var p = document.createElement('p');
    p.className = 'empty';
    p.textContent = text;
    el.appendChild(p);
  }
  /** `xAxis`: the bottom axis (default: seconds since the start). */
  function axes(f, x, y, yTicks, yLabel, xAxis, xLabel) {
    f.g.append('g').attr('class', 'gridlines').call(d3.axisLeft(y).tickValues(yTicks).tickSize(-f.w).tickFormat(''));
    f.g.append('g').attr('class', 'axis').attr('transform', 'translate(0,' + f.h + ')').call(xAxis || d3.axisBottom(x).ticks(Math.max(3, Math.floor(f.w / 90))).tickFormat(d3.format('~g')));
    f.g.append('g').attr('class', 'axis').call(d3.axisLeft(y).tickValues(yTicks).tickFormat(d3.format('~g')));
    f.g.append('text').attr('class', 'axis-label').attr('x', f.w / 2).attr('y', f.h + 40).attr('text-anchor', 'middle').text(xLabel || 'seconds since the start of the test');
    f.g.append('text').attr('class', 'axis-label').attr('transform', 'rotate(-90)').attr('x', -f.h / 2).attr('y', -50).attr('text-anchor', 'middle').text(yLabel);
  }
  /** Seconds as a linear axis, to the end of the schedule; each second's value sits at the middle of its span. */
  function xScale(f) {
    return d3.scaleLinear().domain([s.second[0], s.second[n - 1] + s.span[n - 1]]).range([0, f.w]);
  }
  function xAt(x, i) { return x(s.second[i] + s.span[i] / 2); }
  /** A count in second i as a rate: a last partial second's count over its span, so it shows no false drop. */
  function perSecond(col, i) { return col[i] / s.span[i]; }
  /** The legend above the plot, items in a line, wrapped onto a line above when the width runs out. */
  function legend(f, items) {
    var l = f.g.append('g').attr('class', 'legend');
    var offset = 0;
    var line = 0;
    items.forEach(function (it) {
      var row = l.append('g');
      if (it.bar) row.append('rect').attr('x', 0).attr('y', -5).attr('width', 14).attr('height', 10).attr('rx', 2).attr('fill', it.color);
      else row.append('line').attr('x1', 0).attr('x2', 14).attr('y1', 0).attr('y2', 0).attr('stroke', it.color).attr('stroke-width', 2).attr('stroke-dasharray', it.dash ? '4 3' : null);
      var text = row.append('text').attr('x', 20).attr('y', 4).text(it.label);
      var w = 34 + text.node().getComputedTextLength();
      if (offset > 0 && offset + w - 14 > f.w) { offset = 0; line++; }
      row.attr('transform', 'translate(' + offset + ',' + line * 16 + ')');
      offset += w;
    });
    l.attr('transform', 'translate(0,' + (-22 - line * 16) + ')');
    // A legend that wraps (a phone's width) would rise out of the top margin and be clipped: the chart grows by its extra rows instead.
    if (line > 0) {
      var svg = d3.select(f.g.node().ownerSVGElement);
      var height = +svg.attr('height') + line * 16;
      svg.attr('height', height).attr('viewBox', '0 0 ' + svg.attr('width') + ' ' + height);
      f.g.attr('transform', 'translate(' + M.left + ',' + (M.top + line * 16) + ')');
    }
  }
  /** The warm-up, shaded and labelled: its seconds are drawn but not gated. */
  function warmup(f, x) {
    if (!(data.warmupSeconds > 0)) return;
    var end = Math.min(x(data.warmupSeconds), f.w);
    f.g.insert('rect', ':first-child').attr('class', 'warmup').attr('x', 0).attr('y', 0).attr('width', end).attr('height', f.h);
    f.g.append('text').attr('class', 'rule-label warmup-label').attr('x', 4).attr('y', 12).text('warm-up (not gated)');
  }
  /** Dots on short tests, so a lone second (one second long, or between two gaps) still shows. */
  function dots(f, name, x, y, col, color) {
    if (n > 60) return;
    f.g.selectAll('circle.dot-' + name).data(d3.range(n).filter(function (i) { return col[i] !== null; })).join('circle')
      .attr('class', 'dot dot-' + name).attr('cx', function (i) { return xAt(x, i); }).attr('cy', function (i) { return y(col[i]); })
      .attr('r', 2.5).attr('fill', color);
  }
  /** A vertical rule and a tooltip for the second under the pointer. */
  function hoverSeconds(f, x, lines) {
    var rule = f.g.append('line').attr('class', 'hover-rule').attr('y1', 0).attr('y2', f.h).style('display', 'none');
    f.g.append('rect').attr('class', 'overlay').attr('width', f.w).attr('height', f.h)
      .on('mousemove', function (event) {
        var i = Math.max(0, Math.min(n - 1, Math.floor(x.invert(d3.pointer(event)[0])) - s.second[0]));
        rule.style('display', null).attr('x1', xAt(x, i)).attr('x2', xAt(x, i));
        showTip(event, ['second ' + s.second[i] + ' (' + s.second[i] + '–' + (s.second[i] + 1) + ' s)'].concat(lines(i)));
      })
      .on('mouseleave', function () { rule.style('display', 'none'); hideTip(); });
  }

  // ---------- headline and notes ----------
  function renderCards() {
    var box = d3.select('#load-cards');
    box.selectAll('*').remove();
    data.headline.forEach(function (c) {
      var card = box.append('div').attr('class', 'card');
      card.append('div').attr('class', 'card-title').text(c.label);
      card.append('div').attr('class', 'card-value').text(fmt(c.unit, c.value));
      card.append('div').attr('class', 'card-ci').text(c.value === null ? 'nothing answered' : UNITS[c.unit] || c.unit);
    });
  }
  function renderNotes() {
    var list = document.getElementById('load-notes');
    list.textContent = '';
    data.notes.forEach(function (text) {
      var li = document.createElement('li');
      li.textContent = text;
      list.appendChild(li);
    });
    list.hidden = data.notes.length === 0;
  }

  // ---------- chart: latency percentiles per second ----------
  /** Ticks at 1, 2 and 5 times powers of ten: a log axis's other ticks would crowd it. */
  function logTicks(y) {
    return y.ticks().filter(function (v) {
      var m = v / Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
      return [1, 2, 5].some(function (k) { return Math.abs(m - k) < 1e-6; });
    });
  }
  function renderLatency() {
    var values = [];
    LATENCY.forEach(function (k) { s[k[0]].forEach(function (v) { if (v !== null) values.push(v); }); });
    if (!values.length) return message('latency', 'No request was answered or timed out: there is no latency to chart.');
    var f = frame('latency', 'Latency percentiles per second');
    var x = xScale(f);
    var lo = d3.min(values);
    var hi = d3.max(values);
    // A stall puts max far above p50; a log axis keeps both readable.
    var log = lo > 0 && hi / lo > 20;
    var y = log ? d3.scaleLog().domain([lo / 1.2, hi * 1.2]).range([f.h, 0]) : d3.scaleLinear().domain([0, hi * 1.05 || 1]).range([f.h, 0]).nice();
    axes(f, x, y, log ? logTicks(y) : y.ticks(6), log ? 'latency (ms, log scale)' : 'latency (ms)');
    warmup(f, x);
    var idx = d3.range(n);
    LATENCY.forEach(function (k) {
      var col = s[k[0]];
      f.g.append('path').datum(idx).attr('class', 'line mark').attr('data-series', k[1]).attr('stroke', k[2])
        .attr('stroke-width', k[1] === 'max' ? 1.2 : 2)
        .attr('d', d3.line().defined(function (i) { return col[i] !== null; }).x(function (i) { return xAt(x, i); }).y(function (i) { return y(col[i]); }));
      dots(f, k[1], x, y, col, k[2]);
    });
    legend(f, LATENCY.map(function (k) { return { label: k[1], color: k[2] }; }));
    hoverSeconds(f, x, function (i) {
      if (s.p50Ms[i] === null) return ['no latency: nothing answered or timed out this second'];
      return LATENCY.map(function (k) { return k[1] + ' ' + fmtMs(s[k[0]][i]) + ' ms'; });
    });
  }

  // ---------- chart: throughput against the target rate ----------
  function renderThroughput() {
    var f = frame('throughput', 'Throughput against the target rate');
    var x = xScale(f);
    var hi = d3.max(d3.range(n), function (i) { return Math.max(perSecond(s.targetRate, i), perSecond(s.throughput, i), perSecond(s.errors, i) + perSecond(s.timeouts, i)); });
    var y = d3.scaleLinear().domain([0, hi * 1.08 || 1]).range([f.h, 0]).nice();
    axes(f, x, y, y.ticks(6), 'requests per second');
    warmup(f, x);
    var idx = d3.range(n);
    // Errors and timeouts stacked as bars, on the same scale as the answers.
    [['errors', 0], ['timeouts', 1]].forEach(function (b) {
      var key = b[0];
      var base = function (i) { return b[1] ? perSecond(s.errors, i) : 0; };
      f.g.selectAll('rect.bar-' + key).data(idx.filter(function (i) { return s[key][i] > 0; })).join('rect')
        .attr('class', 'bar mark bar-' + key).attr('fill', COLORS[key]).attr('fill-opacity', 0.8)
        .attr('x', function (i) { return x(s.second[i]) + 1; }).attr('width', function (i) { return Math.max(1, x(s.span[i]) - x(0) - 2); })
        .attr('y', function (i) { return y(base(i) + perSecond(s[key], i)); })
        .attr('height', function (i) { return y(base(i)) - y(base(i) + perSecond(s[key], i)); });
    });
    var target = idx.map(function (i) { return perSecond(s.targetRate, i); });
    var answered = idx.map(function (i) { return perSecond(s.throughput, i); });
    f.g.append('path').datum(idx).attr('class', 'line mark target').attr('data-series', 'target').attr('stroke', COLORS.target)
      .attr('stroke-dasharray', '6 4').attr('stroke-width', 1.5)
      .attr('d', d3.line().x(function (i) { return xAt(x, i); }).y(function (i) { return y(target[i]); }));
    f.g.append('path').datum(idx).attr('class', 'line mark').attr('data-series', 'throughput').attr('stroke', COLORS.throughput)
      .attr('d', d3.line().x(function (i) { return xAt(x, i); }).y(function (i) { return y(answered[i]); }));
    dots(f, 'target', x, y, target, COLORS.target);
    dots(f, 'throughput', x, y, answered, COLORS.throughput);
    legend(f, [
      { label: 'answered', color: COLORS.throughput },
      { label: 'target rate (requests due)', color: COLORS.target, dash: true },
      { label: 'errors', color: COLORS.errors, bar: true },
      { label: 'timeouts', color: COLORS.timeouts, bar: true },
    ]);
    hoverSeconds(f, x, function (i) {
      var part = s.span[i] < 1 ? ['(the last ' + fSig(s.span[i]) + ' s of the schedule; rates per second)'] : [];
      return part.concat(['target ' + fInt(perSecond(s.targetRate, i)) + ' requests due', 'answered ' + fInt(perSecond(s.throughput, i)), 'errors ' + fInt(perSecond(s.errors, i)), 'timeouts ' + fInt(perSecond(s.timeouts, i))]);
    });
  }

  // ---------- chart: latency distribution (HDR percentile plot) ----------
  /** Percentiles on a log scale of 1 / (1 − p): 90%, 99%, 99.9% … equally spaced, as HdrHistogram plots them. */
  function nines(p) { return Math.log10(1 / (1 - p / 100)); }
  function renderDistribution() {
    var q = data.distribution.filter(function (d) { return d.percentile < 100; });
    if (!q.length) return message('distribution', 'No measured request was answered or timed out: there is no latency distribution.');
    var f = frame('distribution', 'Latency by percentile');
    var top = Math.max(2, Math.ceil(nines(q[q.length - 1].percentile)));
    // A little room past the last nine, so its tick label fits.
    var x = d3.scaleLinear().domain([0, top + 0.2]).range([0, f.w]);
    var max = data.distribution[data.distribution.length - 1].ms;
    var lo = d3.min(q, function (d) { return d.ms; });
    var log = lo > 0 && max / lo > 20;
    var y = log ? d3.scaleLog().domain([lo / 1.2, max * 1.2]).range([f.h, 0]) : d3.scaleLinear().domain([0, max * 1.05 || 1]).range([f.h, 0]).nice();
    var ticks = d3.range(0, top + 1);
    var label = function (k) { return k === 0 ? '0%' : d3.format('~g')(100 - 100 * Math.pow(10, -k)) + '%'; };
    axes(f, x, y, log ? logTicks(y) : y.ticks(6), log ? 'latency (ms, log scale)' : 'latency (ms)', d3.axisBottom(x).tickValues(ticks).tickFormat(label), 'percentile (log scale of 1 / (1 − p))');
    f.g.append('path').datum(q).attr('class', 'line mark').attr('data-series', 'distribution').attr('stroke', LATENCY[0][2])
      .attr('d', d3.line().curve(d3.curveStepAfter).x(function (d) { return x(nines(d.percentile)); }).y(function (d) { return y(d.ms); }));
    f.g.append('line').attr('class', 'chance mark').attr('x1', 0).attr('x2', f.w).attr('y1', y(max)).attr('y2', y(max));
    f.g.append('text').attr('class', 'rule-label').attr('x', 4).attr('y', y(max) - 4).text('max ' + fmtMs(max) + ' ms');
    var hits = f.g.selectAll('circle.hit').data(q).join('circle').attr('class', 'hit')
      .attr('cx', function (d) { return x(nines(d.percentile)); }).attr('cy', function (d) { return y(d.ms); }).attr('r', 4);
    hits.on('mousemove', function (event, d) { showTip(event, [d3.format('.4~f')(d.percentile) + '% of measured requests', 'took at most ' + fmtMs(d.ms) + ' ms']); }).on('mouseleave', hideTip);
  }

  function render() {
    renderCards();
    renderNotes();
    renderDistribution();
    if (!n) {
      message('latency', 'No per-second data.');
      message('throughput', 'No per-second data.');
      return;
    }
    renderLatency();
    renderThroughput();
  }

  render();
  // Print styles change font sizes and a resized window changes the charts' width: redraw for both.
  window.matchMedia('print').addEventListener('change', render);
  invitesimTooltip.onResize(render);
  document.body.dataset.loadRendered = 'true';
})();
