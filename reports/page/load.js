/*
 * load.js: draws report.html's load-test section with d3 from the LoadSection embedded as
 * #invitesim-load (load/report-data.ts): headline cards, notes, latency percentiles per
 * second and throughput against the target rate. Browser only; independent of report.js, so
 * a folder holding only a load test gets the same section. All text goes through
 * textContent, never innerHTML.
 */
(function () {
  'use strict';

  var source = document.getElementById('invitesim-load');
  if (!source) return;
  var data = JSON.parse(source.textContent);
  var s = data.series;
  var n = s.second.length;
  var W = 1100;
  var H = 380;
  var M = { top: 34, right: 20, bottom: 48, left: 64 };
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
  function frame(name, title) {
    var el = plotOf(name);
    el.textContent = '';
    var svg = d3.select(el).append('svg').attr('viewBox', '0 0 ' + W + ' ' + H).attr('role', 'img').attr('aria-label', title);
    var g = svg.append('g').attr('transform', 'translate(' + M.left + ',' + M.top + ')');
    return { g: g, w: W - M.left - M.right, h: H - M.top - M.bottom };
  }
  function message(name, text) {
    var el = plotOf(name);
    el.textContent = '';
    var p = document.createElement('p');
    p.className = 'empty';
    p.textContent = text;
    el.appendChild(p);
  }
  function axes(f, x, y, yTicks, yLabel) {
    f.g.append('g').attr('class', 'gridlines').call(d3.axisLeft(y).tickValues(yTicks).tickSize(-f.w).tickFormat(''));
    f.g.append('g').attr('class', 'axis').attr('transform', 'translate(0,' + f.h + ')').call(d3.axisBottom(x).ticks(10).tickFormat(d3.format('~g')));
    f.g.append('g').attr('class', 'axis').call(d3.axisLeft(y).tickValues(yTicks).tickFormat(d3.format('~g')));
    f.g.append('text').attr('class', 'axis-label').attr('x', f.w / 2).attr('y', f.h + 40).attr('text-anchor', 'middle').text('seconds since the start of the test');
    f.g.append('text').attr('class', 'axis-label').attr('transform', 'rotate(-90)').attr('x', -f.h / 2).attr('y', -50).attr('text-anchor', 'middle').text(yLabel);
  }
  /** Seconds as a linear axis; each second's value sits at its middle. */
  function xScale(f) {
    return d3.scaleLinear().domain([s.second[0], s.second[n - 1] + 1]).range([0, f.w]);
  }
  function xAt(x, i) { return x(s.second[i] + 0.5); }
  function legend(f, items) {
    var l = f.g.append('g').attr('class', 'legend').attr('transform', 'translate(0,-22)');
    var offset = 0;
    items.forEach(function (it) {
      var row = l.append('g').attr('transform', 'translate(' + offset + ',0)');
      if (it.bar) row.append('rect').attr('x', 0).attr('y', -5).attr('width', 14).attr('height', 10).attr('rx', 2).attr('fill', it.color);
      else row.append('line').attr('x1', 0).attr('x2', 14).attr('y1', 0).attr('y2', 0).attr('stroke', it.color).attr('stroke-width', 2).attr('stroke-dasharray', it.dash ? '4 3' : null);
      var text = row.append('text').attr('x', 20).attr('y', 4).text(it.label);
      offset += 34 + text.node().getComputedTextLength();
    });
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
    var hi = d3.max(d3.range(n), function (i) { return Math.max(s.targetRate[i], s.throughput[i], s.errors[i] + s.timeouts[i]); });
    var y = d3.scaleLinear().domain([0, hi * 1.08 || 1]).range([f.h, 0]).nice();
    axes(f, x, y, y.ticks(6), 'requests per second');
    var idx = d3.range(n);
    // Errors and timeouts stacked as bars, on the same scale as the answers.
    var bw = Math.max(1, x(1) - x(0) - 2);
    [['errors', 0], ['timeouts', 1]].forEach(function (b) {
      var key = b[0];
      var base = function (i) { return b[1] ? s.errors[i] : 0; };
      f.g.selectAll('rect.bar-' + key).data(idx.filter(function (i) { return s[key][i] > 0; })).join('rect')
        .attr('class', 'bar mark bar-' + key).attr('fill', COLORS[key]).attr('fill-opacity', 0.8)
        .attr('x', function (i) { return x(s.second[i]) + 1; }).attr('width', bw)
        .attr('y', function (i) { return y(base(i) + s[key][i]); })
        .attr('height', function (i) { return y(base(i)) - y(base(i) + s[key][i]); });
    });
    f.g.append('path').datum(idx).attr('class', 'line mark target').attr('data-series', 'target').attr('stroke', COLORS.target)
      .attr('stroke-dasharray', '6 4').attr('stroke-width', 1.5)
      .attr('d', d3.line().x(function (i) { return xAt(x, i); }).y(function (i) { return y(s.targetRate[i]); }));
    f.g.append('path').datum(idx).attr('class', 'line mark').attr('data-series', 'throughput').attr('stroke', COLORS.throughput)
      .attr('d', d3.line().x(function (i) { return xAt(x, i); }).y(function (i) { return y(s.throughput[i]); }));
    dots(f, 'target', x, y, s.targetRate, COLORS.target);
    dots(f, 'throughput', x, y, s.throughput, COLORS.throughput);
    legend(f, [
      { label: 'answered per second', color: COLORS.throughput },
      { label: 'target rate (requests due)', color: COLORS.target, dash: true },
      { label: 'errors', color: COLORS.errors, bar: true },
      { label: 'timeouts', color: COLORS.timeouts, bar: true },
    ]);
    hoverSeconds(f, x, function (i) {
      return ['target ' + fInt(s.targetRate[i]) + ' requests due', 'answered ' + fInt(s.throughput[i]), 'errors ' + fInt(s.errors[i]), 'timeouts ' + fInt(s.timeouts[i])];
    });
  }

  function render() {
    renderCards();
    renderNotes();
    if (!n) {
      message('latency', 'No per-second data.');
      message('throughput', 'No per-second data.');
      return;
    }
    renderLatency();
    renderThroughput();
  }

  render();
  // Print styles change font sizes: redraw so legends are laid out for them.
  window.matchMedia('print').addEventListener('change', render);
  document.body.dataset.loadRendered = 'true';
})();
