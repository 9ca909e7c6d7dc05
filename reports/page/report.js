/*
 * report.js: draws report.html's charts with d3 from the PageData embedded in the page
 * (reports/view-model.ts). Runs in the browser only; all text goes through d3's .text()
 * (textContent), never innerHTML, so scenario strings cannot inject markup. Each chart is
 * drawn at its container's width (1:1, so text keeps its size on a phone) and redrawn when
 * the window's width changes. A run of one point has no "across the sweep" section.
 */
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('invitesim-data').textContent);
  var H = 340;
  /** Narrowest drawing width: below it a chart shrinks with its container rather than crushing its axes. */
  var MIN_W = 280;
  var M = { top: 16, right: 20, bottom: 48, left: 64 };
  var COLORS = { precision: '#1f77b4', recall: '#e4572e', band: 0.16 };
  var PALETTE = ['#1f77b4', '#e4572e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f', '#ff7f0e'];
  var TITLES = {
    precision: 'Precision',
    recall: 'Recall',
    f1: 'F1',
    falsePositiveRate: 'False-positive rate',
    abusiveDelivered: 'Abusive invitations delivered (per run)',
    honestBlocked: 'Honest invitations blocked (per run)',
    medianHoursToRestrict: 'Median hours to restriction',
  };
  var OUTCOMES = [
    ['attempted', 'attempted', '#333333'],
    ['delivered', 'delivered', '#1f77b4'],
    ['accepted', 'accepted', '#2ca02c'],
    ['ignored', 'ignored', '#bcbd22'],
    ['idk', "I don't know", '#e4572e'],
    ['blocked', 'blocked', '#9467bd'],
    ['withdrawn', 'withdrawn', '#8c564b'],
  ];

  var state = {
    xParam: data.params.length ? data.params[0].path : null,
    fixed: {},
    point: data.defaultPoint,
    minPrecision: 0.9,
    onCiLow: false,
  };
  data.params.forEach(function (p) { state.fixed[p.path] = p.values[0]; });

  var byPoint = new Map(data.points.map(function (p) { return [p.point, p]; }));
  var detailByPoint = new Map(data.details.map(function (d) { return [d.point, d]; }));
  var hasSweep = !!document.getElementById('sweep');

  // ---------- formatting ----------
  var f3 = d3.format('.3f');
  var f1 = d3.format('.1f');
  var fInt = d3.format(',.0f');
  var fSig = d3.format('.3~g');
  /** Counts and means in plain digits (1,234 or 12.3), never SI prefixes or exponents. */
  function plain(x) { return Math.abs(x) >= 100 ? fInt(x) : d3.format('.3~r')(x); }
  function fmt(metric, x) {
    if (x === null || x === undefined) return '–';
    var kind = data.metrics[metric] ? data.metrics[metric].kind : 'count';
    // Small shares (false-positive rates) keep two significant digits instead of rounding to 0.000.
    if (kind === 'share') return x !== 0 && Math.abs(x) < 0.01 ? d3.format('.2~r')(x) : f3(x);
    if (kind === 'hours') return f1(x);
    return Math.abs(x) >= 100 ? fInt(x) : fSig(x);
  }
  /** A metric's card title: its own, or for a metric this page has no title for (new in the view model's list), its name in words. */
  function titleOf(metric) {
    if (TITLES[metric]) return TITLES[metric];
    var words = metric.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
  var METHODS = { wilson: 'Wilson', 'student-t': 'Student t' };
  /** "95% CI (Wilson)": how the metric's interval is computed, from the view model. */
  function ciLabel(metric) {
    var method = data.intervals && data.intervals[metric];
    return '95% CI' + (method ? ' (' + (METHODS[method] || method) + ')' : '');
  }
  function fmtTriple(metric, t) {
    if (!t || t[0] === null) return '–';
    return fmt(metric, t[0]) + (t[1] === null ? '' : ' [' + fmt(metric, t[1]) + ', ' + fmt(metric, t[2]) + ']');
  }
  function describe(params) {
    var keys = Object.keys(params);
    return keys.length ? keys.map(function (k) { return short(k) + ' = ' + params[k]; }).join(', ') : 'the only point';
  }
  function short(path) {
    return path.split('.').slice(-1)[0];
  }

  // ---------- tooltip ----------
  var showTip = invitesimTooltip.show;
  var hideTip = invitesimTooltip.hide;
  function hover(selection, lines) {
    selection
      .on('mousemove', function (event, d) { showTip(event, lines(d)); })
      .on('mouseleave', hideTip);
  }

  // ---------- chart frame ----------
  function plotOf(name) {
    return document.querySelector('[data-chart="' + name + '"] .plot');
  }
  /** An SVG with a margin convention, labelled axes and light grid lines. */
  function frame(name, opts) {
    var el = plotOf(name);
    el.textContent = '';
    var width = Math.max(MIN_W, Math.floor(el.clientWidth));
    var height = opts.height || (width < 500 ? Math.max(260, Math.round(width * 0.8)) : H);
    var margin = Object.assign({}, M, opts.margin);
    var svg = d3.select(el).append('svg')
      .attr('viewBox', '0 0 ' + width + ' ' + height)
      .attr('width', width)
      .attr('height', height)
      .attr('role', 'img')
      .attr('aria-label', opts.title || name);
    var g = svg.append('g').attr('transform', 'translate(' + margin.left + ',' + margin.top + ')');
    return { svg: svg, g: g, w: width - margin.left - margin.right, h: height - margin.top - margin.bottom };
  }
  function axes(f, x, y, xLabel, yLabel, opts) {
    opts = opts || {};
    var xAxis = d3.axisBottom(x);
    if (opts.xValues) xAxis.tickValues(opts.xValues).tickFormat(d3.format('~g'));
    else if (x.ticks) xAxis.ticks(Math.min(opts.xTicks || 8, Math.max(3, Math.floor(f.w / 70))), opts.xFormat);
    var yAxis = d3.axisLeft(y).ticks(opts.yTicks || 6, opts.yFormat);
    f.g.append('g').attr('class', 'gridlines').call(d3.axisLeft(y).ticks(opts.yTicks || 6).tickSize(-f.w).tickFormat(''));
    f.g.append('g').attr('class', 'axis').attr('transform', 'translate(0,' + f.h + ')').call(xAxis);
    f.g.append('g').attr('class', 'axis').call(yAxis);
    fitLabel(f.g.append('text').attr('class', 'axis-label').attr('x', f.w / 2).attr('y', f.h + 40).attr('text-anchor', 'middle').text(xLabel), f.w + 40, opts.xShort);
    fitLabel(f.g.append('text').attr('class', 'axis-label').attr('transform', 'rotate(-90)').attr('x', -f.h / 2).attr('y', -50).attr('text-anchor', 'middle').text(yLabel), f.h + 20, opts.yShort);
  }
  /** An axis label longer than its axis (a narrow chart) drops its explanation in parentheses, else takes its short form. */
  function fitLabel(text, room, shortForm) {
    var fits = function () { return text.node().getComputedTextLength() <= room; };
    if (!fits()) text.text(text.text().replace(/\s*\(.*\)$/, ''));
    if (!fits() && shortForm) text.text(shortForm);
  }
  /**
   * A legend at (x, y): one item a row, or in a line with `across`, wrapped onto further
   * lines (growing upwards, so it stays clear of what is below it) when the width runs out.
   * Returns the height it took beyond one line.
   */
  function legend(f, items, x, y, across) {
    var l = f.g.append('g').attr('class', 'legend');
    var offset = 0;
    var line = 0;
    items.forEach(function (it, i) {
      var row = l.append('g');
      if (it.dash) row.append('line').attr('x1', 0).attr('x2', 14).attr('y1', 0).attr('y2', 0).attr('stroke', it.color).attr('stroke-width', 2).attr('stroke-dasharray', '4 3');
      else row.append('rect').attr('x', 0).attr('y', -5).attr('width', 14).attr('height', 10).attr('rx', 2).attr('fill', it.color);
      var text = row.append('text').attr('x', 20).attr('y', 4).text(it.label);
      var w = 34 + text.node().getComputedTextLength();
      if (across && offset > 0 && x + offset + w - 14 > f.w) { offset = 0; line++; }
      row.attr('transform', across ? 'translate(' + offset + ',' + line * 16 + ')' : 'translate(0,' + i * 16 + ')');
      offset += w;
    });
    l.attr('transform', 'translate(' + x + ',' + (y - line * 16) + ')');
    return line * 16;
  }
  function message(name, text) {
    var el = plotOf(name);
    el.textContent = '';
    var p = document.createElement('p');
    p.className = 'empty';
    p.textContent = text;
    el.appendChild(p);
  }
  function shareDomain(values) {
    var v = values.filter(function (x) { return x !== null && x !== undefined; });
    if (!v.length) return [0, 1];
    var lo = d3.min(v);
    var hi = d3.max(v);
    var pad = Math.max(0.02, (hi - lo) * 0.08);
    // At least a tenth wide, so near-identical values do not read as a dramatic slope.
    var extra = Math.max(0, 0.1 - (hi - lo + 2 * pad)) / 2;
    lo = Math.max(0, lo - pad - extra);
    hi = Math.min(1, hi + pad + extra);
    return hi - lo < 0.1 ? (lo === 0 ? [0, 0.1] : [0.9, 1]) : [lo, hi];
  }
  function m(p, metric, k) { return p.m[metric] ? p.m[metric][k] : null; }

  // ---------- sweep slice ----------
  function isNumeric(path) {
    var spec = data.params.find(function (p) { return p.path === path; });
    return spec.values.every(function (v) { return typeof v === 'number'; });
  }
  /** Points along the x parameter with every other swept parameter at its chosen value. */
  function slice() {
    if (!state.xParam) return data.points.slice();
    var others = data.params.filter(function (p) { return p.path !== state.xParam; });
    var order = data.params.find(function (p) { return p.path === state.xParam; }).values;
    return data.points
      .filter(function (p) { return others.every(function (o) { return p.params[o.path] === state.fixed[o.path]; }); })
      .sort(function (a, b) { return order.indexOf(a.params[state.xParam]) - order.indexOf(b.params[state.xParam]); });
  }
  function xValue(p) {
    return state.xParam ? p.params[state.xParam] : 'point ' + p.point;
  }
  function xScale(points, width) {
    if (state.xParam && isNumeric(state.xParam)) {
      return d3.scaleLinear().domain(d3.extent(points, xValue)).nice().range([0, width]);
    }
    return d3.scalePoint().domain(points.map(xValue)).range([0, width]).padding(0.5);
  }

  // ---------- controls ----------
  function buildControls() {
    var box = document.getElementById('sweep-controls');
    if (box && data.params.length > 1) {
      box.appendChild(selectControl('x axis', data.params.map(function (p) { return [p.path, p.path]; }), state.xParam, function (v) {
        state.xParam = v;
        renderSweep();
        syncFixed();
      }));
    }
    if (box) data.params.forEach(function (p) {
      var control = selectControl(short(p.path), p.values.map(function (v) { return [String(v), v]; }), String(state.fixed[p.path]), function (v, raw) {
        state.fixed[p.path] = raw;
        renderSweep();
      });
      control.dataset.param = p.path;
      box.appendChild(control);
    });
    syncFixed();

    var sel = document.getElementById('point-select');
    data.details.forEach(function (d) {
      var opt = document.createElement('option');
      opt.value = String(d.point);
      opt.textContent = 'point ' + d.point + ': ' + describe(byPoint.get(d.point).params);
      sel.appendChild(opt);
    });
    sel.value = String(state.point);
    sel.disabled = data.details.length < 2;
    sel.closest('label').hidden = data.details.length < 2;
    sel.addEventListener('change', function () { selectPoint(Number(sel.value)); });

    var note = document.getElementById('detail-note');
    if (data.details.length < data.points.length) {
      note.textContent = 'Per-point charts are embedded for ' + data.details.length + ' of ' + data.points.length + ' points; points.csv and timeline.csv hold them all.';
    }

    if (!hasSweep) return;
    var x = document.getElementById('picker-x');
    var ci = document.getElementById('picker-ci');
    x.addEventListener('input', function () {
      var v = Number(x.value);
      if (x.value !== '' && v >= 0 && v <= 1) {
        state.minPrecision = v;
        renderSweep();
      }
    });
    ci.addEventListener('change', function () { state.onCiLow = ci.checked; renderSweep(); });
  }
  /** The x parameter's own value selector is meaningless: hide it. */
  function syncFixed() {
    document.querySelectorAll('#sweep-controls [data-param]').forEach(function (el) {
      el.hidden = el.dataset.param === state.xParam;
    });
  }
  function selectControl(label, options, value, onChange) {
    var wrap = document.createElement('label');
    wrap.className = 'control';
    wrap.appendChild(document.createTextNode(label + ' '));
    var sel = document.createElement('select');
    options.forEach(function (o) {
      var opt = document.createElement('option');
      opt.value = o[0];
      opt.textContent = o[0];
      sel.appendChild(opt);
    });
    sel.value = value;
    sel.addEventListener('change', function () {
      var chosen = options.find(function (o) { return o[0] === sel.value; });
      onChange(sel.value, chosen[1]);
    });
    wrap.appendChild(sel);
    return wrap;
  }
  /** The point shown first: the picker's choice when it has one with charts, else the view model's default. */
  function initialPoint() {
    var best = hasSweep ? pick() : null;
    if (best && detailByPoint.has(best.point)) return best.point;
    return detailByPoint.has(data.defaultPoint) || !data.details.length ? data.defaultPoint : data.details[0].point;
  }
  function selectPoint(point) {
    state.point = point;
    document.getElementById('point-select').value = String(point);
    renderPoint();
    renderSweep();
  }

  // ---------- headline ----------
  function renderHeadline() {
    var p = byPoint.get(state.point);
    var box = d3.select('#headline-cards');
    box.selectAll('*').remove();
    data.headline.forEach(function (metric) {
      var t = p.m[metric];
      var info = data.metrics[metric];
      var card = box.append('div').attr('class', 'card').attr('title', metric + ': ' + info.label);
      card.append('div').attr('class', 'card-title').text(titleOf(metric));
      card.append('div').attr('class', 'card-value').text(fmt(metric, t[0]));
      var ci = card.append('div').attr('class', 'card-ci');
      if (t[1] === null) ci.text('no CI (< 2 values)');
      else ci.text(ciLabel(metric)).append('span').attr('class', 'interval').text('[' + fmt(metric, t[1]) + ', ' + fmt(metric, t[2]) + ']');
      card.append('div').attr('class', 'card-name').text(metric);
    });
    document.getElementById('point-label').textContent = '— point ' + p.point + ': ' + describe(p.params) + ' · ' + p.replicates + ' replicate' + (p.replicates === 1 ? '' : 's') + (p.failed ? ', ' + p.failed + ' failed' : '');
  }

  // ---------- threshold picker ----------
  function pick() {
    var k = state.onCiLow ? 1 : 0;
    var best = null;
    data.points.forEach(function (p) {
      if (p.skip) return; // reports/picker.ts: too few restricted members, or recall's CI reaches 0
      var prec = m(p, 'precision', k);
      var rec = m(p, 'recall', 0);
      if (prec === null || rec === null || prec < state.minPrecision) return;
      if (!best || rec > m(best, 'recall', 0) || (rec === m(best, 'recall', 0) && prec > m(best, 'precision', k))) best = p;
    });
    return best;
  }
  function renderPicker(best) {
    var out = document.getElementById('picker-result');
    out.textContent = '';
    renderSkipped();
    if (!best) {
      out.textContent = 'No sweep point it may pick reaches precision ' + (state.onCiLow ? '(CI lower bound) ' : '') + '≥ ' + state.minPrecision + '.';
      return;
    }
    var strong = document.createElement('strong');
    strong.textContent = describe(best.params);
    out.appendChild(strong);
    out.appendChild(document.createTextNode(
      ' (point ' + best.point + '): recall ' + fmtTriple('recall', best.m.recall) +
      ', precision ' + fmtTriple('precision', best.m.precision) +
      ', false-positive rate ' + fmtTriple('falsePositiveRate', best.m.falsePositiveRate) +
      ' over ' + best.replicates + ' replicates. '));
    if (detailByPoint.has(best.point) && best.point !== state.point) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = 'Show this point';
      b.addEventListener('click', function () { selectPoint(best.point); });
      out.appendChild(b);
    }
  }

  /** The points the picker never picks, each with its reason (reports/picker.ts). */
  function renderSkipped() {
    var box = document.getElementById('picker-skipped');
    box.textContent = '';
    var skipped = data.points.filter(function (p) { return p.skip; });
    box.hidden = skipped.length === 0;
    if (!skipped.length) return;
    var lead = document.createElement('p');
    lead.textContent = 'Skipped ' + skipped.length + ' of ' + data.points.length + ' points: the picker recommends only a point whose recall CI stays above 0 and whose precision rests on at least ' + data.pickerMinPositives + ' restricted members.';
    box.appendChild(lead);
    var list = document.createElement('ul');
    skipped.forEach(function (p) {
      var li = document.createElement('li');
      li.textContent = 'point ' + p.point + ' (' + describe(p.params) + '): ' + p.skip;
      list.appendChild(li);
    });
    box.appendChild(list);
  }

  // ---------- chart: PR across sweep points ----------
  function renderPr(points, best) {
    var pts = points.filter(function (p) { return m(p, 'precision', 0) !== null && m(p, 'recall', 0) !== null; });
    if (!pts.length) return message('pr', 'No sweep point has both precision and recall defined (nobody restricted, or no abusive members).');
    var f = frame('pr', { title: 'Precision-recall across sweep points' });
    var x = d3.scaleLinear().domain(shareDomain(pts.flatMap(function (p) { return [m(p, 'recall', 1), m(p, 'recall', 2), m(p, 'recall', 0)]; }))).range([0, f.w]).nice();
    var y = d3.scaleLinear().domain(shareDomain(pts.flatMap(function (p) { return [m(p, 'precision', 1), m(p, 'precision', 2), m(p, 'precision', 0)]; }))).range([f.h, 0]).nice();
    axes(f, x, y, 'recall (share of abusive members restricted)', 'precision (share of restricted who are abusive)', { xTicks: 6 });
    var byRecall = pts.slice().sort(function (a, b) { return m(a, 'recall', 0) - m(b, 'recall', 0); });
    var hasCi = pts.some(function (p) { return m(p, 'precision', 1) !== null; });
    if (hasCi) {
      f.g.append('path').datum(byRecall).attr('class', 'band mark').attr('fill', COLORS.precision).attr('fill-opacity', COLORS.band)
        .attr('d', d3.area().defined(function (p) { return m(p, 'precision', 1) !== null; })
          .x(function (p) { return x(m(p, 'recall', 0)); }).y0(function (p) { return y(m(p, 'precision', 1)); }).y1(function (p) { return y(m(p, 'precision', 2)); }));
    }
    f.g.append('path').datum(pts).attr('class', 'line mark').attr('stroke', COLORS.precision)
      .attr('d', d3.line().x(function (p) { return x(m(p, 'recall', 0)); }).y(function (p) { return y(m(p, 'precision', 0)); }));
    var bars = f.g.append('g').attr('class', 'errorbars');
    pts.forEach(function (p) {
      if (m(p, 'precision', 1) !== null) bars.append('line').attr('class', 'mark').attr('x1', x(m(p, 'recall', 0))).attr('x2', x(m(p, 'recall', 0))).attr('y1', y(m(p, 'precision', 1))).attr('y2', y(m(p, 'precision', 2)));
      if (m(p, 'recall', 1) !== null) bars.append('line').attr('class', 'mark').attr('y1', y(m(p, 'precision', 0))).attr('y2', y(m(p, 'precision', 0))).attr('x1', x(m(p, 'recall', 1))).attr('x2', x(m(p, 'recall', 2)));
    });
    var dots = f.g.selectAll('circle.dot').data(pts).join('circle').attr('class', 'dot mark')
      .attr('cx', function (p) { return x(m(p, 'recall', 0)); }).attr('cy', function (p) { return y(m(p, 'precision', 0)); }).attr('r', 4.5)
      .attr('fill', COLORS.precision);
    hover(dots, pointLines);
    // Label points greedily, skipping any whose label would overlap one already placed.
    var placed = [];
    pts.forEach(function (p) {
      var lx = x(m(p, 'recall', 0)) + 7;
      var ly = y(m(p, 'precision', 0)) - 7;
      var text = state.xParam ? short(state.xParam) + '=' + p.params[state.xParam] : 'point ' + p.point;
      var w = text.length * 6;
      if (lx + w > f.w) lx = Math.max(0, lx - w - 14);
      if (placed.some(function (b) { return lx < b[0] + b[2] && b[0] < lx + w && Math.abs(ly - b[1]) < 12; })) return;
      placed.push([lx, ly, w]);
      f.g.append('text').attr('class', 'point-label').attr('x', lx).attr('y', ly).text(text);
    });
    if (best && pts.indexOf(best) >= 0) {
      f.g.append('circle').attr('class', 'picked').attr('cx', x(m(best, 'recall', 0))).attr('cy', y(m(best, 'precision', 0))).attr('r', 9);
    }
    var sel = pts.find(function (p) { return p.point === state.point; });
    if (sel) f.g.append('circle').attr('class', 'selected').attr('cx', x(m(sel, 'recall', 0))).attr('cy', y(m(sel, 'precision', 0))).attr('r', 6.5);
  }
  function pointLines(p) {
    return ['point ' + p.point + ': ' + describe(p.params),
      'precision ' + fmtTriple('precision', p.m.precision),
      'recall ' + fmtTriple('recall', p.m.recall),
      'F1 ' + fmtTriple('f1', p.m.f1),
      'false-positive rate ' + fmtTriple('falsePositiveRate', p.m.falsePositiveRate),
      p.replicates + ' replicates' + (p.failed ? ', ' + p.failed + ' failed' : '')];
  }

  // ---------- chart: precision and recall vs parameter ----------
  function renderVs(points, best) {
    if (!points.some(function (p) { return m(p, 'precision', 0) !== null || m(p, 'recall', 0) !== null; })) {
      return message('vs', 'Neither precision nor recall is defined in this slice of the sweep.');
    }
    var f = frame('vs', { title: 'Precision and recall against the swept parameter' });
    var x = xScale(points, f.w);
    var all = [];
    ['precision', 'recall'].forEach(function (k) { points.forEach(function (p) { all.push(m(p, k, 0), m(p, k, 1), m(p, k, 2)); }); });
    var y = d3.scaleLinear().domain(shareDomain(all)).range([f.h, 0]).nice();
    var values = points.map(xValue);
    axes(f, x, y, state.xParam ? state.xParam : 'sweep point', 'share (0–1)', { xValues: x.ticks && values.length <= 12 ? values : null });
    ['precision', 'recall'].forEach(function (k) {
      var color = COLORS[k];
      var defined = points.filter(function (p) { return m(p, k, 0) !== null; });
      if (defined.some(function (p) { return m(p, k, 1) !== null; })) {
        f.g.append('path').datum(defined).attr('class', 'band mark').attr('fill', color).attr('fill-opacity', COLORS.band)
          .attr('d', d3.area().defined(function (p) { return m(p, k, 1) !== null; })
            .x(function (p) { return x(xValue(p)); }).y0(function (p) { return y(m(p, k, 1)); }).y1(function (p) { return y(m(p, k, 2)); }));
      }
      f.g.append('path').datum(defined).attr('class', 'line mark').attr('stroke', color)
        .attr('d', d3.line().x(function (p) { return x(xValue(p)); }).y(function (p) { return y(m(p, k, 0)); }));
      var dots = f.g.selectAll('circle.dot-' + k).data(defined).join('circle').attr('class', 'dot mark dot-' + k)
        .attr('cx', function (p) { return x(xValue(p)); }).attr('cy', function (p) { return y(m(p, k, 0)); }).attr('r', 3.5).attr('fill', color);
      hover(dots, pointLines);
    });
    if (best && points.indexOf(best) >= 0) {
      f.g.append('line').attr('class', 'picked-rule').attr('x1', x(xValue(best))).attr('x2', x(xValue(best))).attr('y1', 0).attr('y2', f.h);
      f.g.append('text').attr('class', 'rule-label').attr('x', x(xValue(best)) + 4).attr('y', 10).text('picked');
    }
    legend(f, [{ label: 'precision', color: COLORS.precision }, { label: 'recall', color: COLORS.recall }], f.w - 90, f.h - 30);
  }

  // ---------- chart: score PR curve ----------
  function renderScore(d) {
    if (!d.score) return message('score', 'This policy reports no score, so there is no score-based curve.');
    var s = d.score;
    var idx = d3.range(s.recall.length).filter(function (i) { return s.precision[i] !== null; });
    if (!idx.length) return message('score', 'The score curve is empty at this point (no abusive members).');
    var f = frame('score', { title: 'Precision-recall from the score' });
    var x = d3.scaleLinear().domain([0, 1]).range([0, f.w]);
    var y = d3.scaleLinear().domain([0, 1]).range([f.h, 0]);
    axes(f, x, y, 'recall (share of abusive members above the score threshold)', 'precision (pooled over replicates)');
    if (idx.some(function (i) { return s.ciLow[i] !== null; })) {
      f.g.append('path').datum(idx).attr('class', 'band mark').attr('fill', COLORS.precision).attr('fill-opacity', COLORS.band)
        .attr('d', d3.area().defined(function (i) { return s.ciLow[i] !== null; }).curve(d3.curveStepAfter)
          .x(function (i) { return x(s.recall[i]); }).y0(function (i) { return y(s.ciLow[i]); }).y1(function (i) { return y(s.ciHigh[i]); }));
    }
    f.g.append('path').datum(idx).attr('class', 'line mark').attr('stroke', COLORS.precision)
      .attr('d', d3.line().curve(d3.curveStepAfter).x(function (i) { return x(s.recall[i]); }).y(function (i) { return y(s.precision[i]); }));
    if (d.prevalence !== null) {
      f.g.append('line').attr('class', 'chance mark').attr('x1', 0).attr('x2', f.w).attr('y1', y(d.prevalence)).attr('y2', y(d.prevalence));
    }
    legend(f, [
      { label: 'mean precision, AP ' + fmtTriple('averagePrecision', s.ap), color: COLORS.precision },
      { label: 'chance: ' + (d.prevalence === null ? '–' : f3(d.prevalence)) + ' (share abusive)', color: '#888', dash: true },
    ], 12, d.prevalence === null ? f.h - 30 : Math.min(f.h - 30, y(d.prevalence) - 36));
    thresholdMarks(f, x, y, s, idx);
    var dots = f.g.selectAll('circle.hit').data(idx).join('circle').attr('class', 'hit')
      .attr('cx', function (i) { return x(s.recall[i]); }).attr('cy', function (i) { return y(s.precision[i]); }).attr('r', 5);
    hover(dots, function (i) {
      var lines = ['score threshold ' + (s.threshold && s.threshold[i] !== null && s.threshold[i] !== undefined ? fSig(s.threshold[i]) : '–') + ' (mean over replicates)',
        'precision ' + f3(s.precision[i]) + (s.ciLow[i] === null ? '' : ' [' + f3(s.ciLow[i]) + ', ' + f3(s.ciHigh[i]) + '] ' + ciLabel('precision'))];
      var reached = s.reached && s.reached[i];
      lines.push(reached && reached[0] !== null ? 'recall ' + fmtTriple('recall', reached) + (reached[1] === null ? '' : ' ' + ciLabel('recall')) : 'recall ' + f3(s.recall[i]));
      lines.push('at recall level ' + f3(s.recall[i]));
      return lines;
    });
  }

  /** The precision floors a designer sets; the curve marks the threshold that gives the most recall at each. */
  var PRECISION_FLOORS = [0.99, 0.95, 0.9, 0.8];
  /**
   * Labelled marks on the score curve at the thresholds a designer would pick (the highest
   * recall level whose pooled precision is at least each floor), so a phone, which has no
   * hover, shows them too. A label that would cover an earlier one moves down a line.
   */
  function thresholdMarks(f, x, y, s, idx) {
    if (!s.threshold) return;
    var seen = new Set();
    var picks = [];
    PRECISION_FLOORS.forEach(function (floor) {
      var best = null;
      idx.forEach(function (i) { if (s.precision[i] >= floor && s.threshold[i] !== null && s.threshold[i] !== undefined) best = i; });
      if (best !== null && !seen.has(best)) { seen.add(best); picks.push({ i: best, floor: floor }); }
    });
    var g = f.g.append('g').attr('class', 'threshold-marks');
    var boxes = [];
    picks.forEach(function (p) {
      var cx = x(s.recall[p.i]);
      var cy = y(s.precision[p.i]);
      g.append('circle').attr('class', 'threshold-mark mark').attr('cx', cx).attr('cy', cy).attr('r', 4.5);
      var label = g.append('text').attr('class', 'threshold-label')
        .text('t ' + fSig(s.threshold[p.i]) + ' (P ≥ ' + p.floor + ')');
      var w = label.node().getComputedTextLength();
      // Below-left of the mark (the curve falls to the right), inside the plot.
      var lx = Math.max(0, Math.min(f.w - w, cx - w - 8));
      var clear = function (ly) { return ly >= 10 && ly <= f.h - 4 && !boxes.some(function (b) { return lx < b.x + b.w && b.x < lx + w && Math.abs(ly - b.y) < 13; }); };
      // Lines further below the mark (under a falling curve is open space), above it only when the plot ends.
      var ly = cy + 16;
      for (var k = 1; k < 24 && !clear(ly); k++) ly = cy + 16 + 13 * k > f.h - 4 ? cy - 8 - 13 * (k - Math.floor((f.h - 20 - cy) / 13)) : cy + 16 + 13 * k;
      boxes.push({ x: lx, y: ly, w: w });
      label.attr('x', lx).attr('y', ly);
      g.append('line').attr('class', 'threshold-leader').attr('x1', cx).attr('y1', cy).attr('x2', Math.min(Math.max(cx, lx), lx + w)).attr('y2', ly - 4);
    });
  }

  // ---------- chart: time to restriction CDF ----------
  function renderCdf(d) {
    var rows = d.hours.filter(function (a) { return a.quantiles.length; });
    if (!d.hours.length) return message('cdf', 'No abusive members at this point.');
    if (!rows.length) return message('cdf', 'No abusive member was restricted at this point.');
    var f = frame('cdf', { title: 'Time to restriction' });
    // The axis ends at the horizon: a curve that flattens below 100% there is recall the run never reached.
    var maxH = data.horizonHours || d3.max(rows, function (a) { return a.quantiles[a.quantiles.length - 1]; }) || 1;
    var x = d3.scaleLinear().domain([0, maxH]).range([0, f.w]);
    var y = d3.scaleLinear().domain([0, 1]).range([f.h, 0]);
    axes(f, x, y, 'hours since first abusive invitation', "share of archetype's abusive members restricted", { yFormat: '.0%', yShort: 'share restricted' });
    var items = [];
    d.hours.forEach(function (a, i) {
      var color = PALETTE[i % PALETTE.length];
      var share = a.restricted[0] || 0;
      items.push({ label: a.name + ': ' + d3.format('.0%')(share) + ' restricted', color: color });
      if (!a.quantiles.length) return;
      var pts = a.quantiles.map(function (q, k) { return [q, (k / (a.quantiles.length - 1)) * share]; });
      pts.push([x.domain()[1], share]);
      f.g.append('path').datum(pts).attr('class', 'line mark').attr('stroke', color)
        .attr('d', d3.line().x(function (p) { return x(p[0]); }).y(function (p) { return y(p[1]); }));
      var hits = f.g.selectAll('circle.hit-' + i).data(pts.slice(0, -1)).join('circle').attr('class', 'hit hit-' + i)
        .attr('cx', function (p) { return x(p[0]); }).attr('cy', function (p) { return y(p[1]); }).attr('r', 4);
      hover(hits, function (p) {
        return [a.name, d3.format('.1%')(p[1]) + ' restricted within ' + f1(p[0]) + ' h', 'restricted overall ' + fmtTriple('recall', a.restricted)];
      });
    });
    legend(f, items, Math.max(0, f.w - 210), f.h - 12 - items.length * 16);
  }

  // ---------- chart: timeline ----------
  function renderTimeline(d) {
    if (!d.timeline || !d.timeline.day.length) return message('timeline', 'No timeline at this point.');
    var t = d.timeline;
    var days = t.day;
    // A narrow chart's legends wrap onto more lines: room for them above each part.
    var narrow = plotOf('timeline').clientWidth < 600;
    var f = frame('timeline', { title: 'Daily invitations and restrictions', height: 440, margin: { top: narrow ? 90 : 34 } });
    var top = f.h * 0.66;
    var gap = narrow ? 50 : 34;
    var x = d3.scaleLinear().domain([days[0] - 0.5, days[days.length - 1] + 0.5]).range([0, f.w]);
    var y = d3.scaleLinear().domain([0, d3.max(OUTCOMES, function (o) { return d3.max(t[o[0]]); }) || 1]).range([top, 0]).nice();
    var y2 = d3.scaleLinear().domain([0, d3.max(days, function (_, i) { return Math.max(t.restrictionsStarted[i], t.restrictionsLifted[i]); }) || 1]).range([f.h, top + gap]).nice();
    f.g.append('g').attr('class', 'gridlines').call(d3.axisLeft(y).ticks(5).tickSize(-f.w).tickFormat(''));
    f.g.append('g').attr('class', 'axis').call(d3.axisLeft(y).ticks(5).tickFormat(d3.format('~s')));
    var xTicks = Math.min(10, Math.max(3, Math.floor(f.w / 60)));
    f.g.append('g').attr('class', 'axis').attr('transform', 'translate(0,' + top + ')').call(d3.axisBottom(x).ticks(xTicks).tickFormat(''));
    f.g.append('g').attr('class', 'axis').call(d3.axisLeft(y2).ticks(3).tickFormat(d3.format('~s')));
    f.g.append('g').attr('class', 'axis').attr('transform', 'translate(0,' + f.h + ')').call(d3.axisBottom(x).ticks(xTicks));
    f.g.append('text').attr('class', 'axis-label').attr('x', f.w / 2).attr('y', f.h + 40).attr('text-anchor', 'middle').text('day of the simulation');
    f.g.append('text').attr('class', 'axis-label').attr('transform', 'rotate(-90)').attr('x', -top / 2).attr('y', -50).attr('text-anchor', 'middle').text('invitations per day');
    f.g.append('text').attr('class', 'axis-label').attr('transform', 'rotate(-90)').attr('x', -(top + gap + f.h) / 2).attr('y', -50).attr('text-anchor', 'middle').text('restrictions');
    OUTCOMES.forEach(function (o) {
      f.g.append('path').datum(days).attr('class', 'line mark').attr('stroke', o[2])
        .attr('d', d3.line().x(function (day) { return x(day); }).y(function (_, i) { return y(t[o[0]][i]); }));
    });
    var bw = Math.max(1, f.w / days.length / 2 - 0.5);
    [['restrictionsStarted', '#e4572e', -bw], ['restrictionsLifted', '#2ca02c', 0]].forEach(function (s) {
      f.g.selectAll('rect.' + s[0]).data(days).join('rect').attr('class', 'mark ' + s[0])
        .attr('x', function (day) { return x(day) + s[2]; }).attr('width', bw)
        .attr('y', function (_, i) { return y2(t[s[0]][i]); }).attr('height', function (_, i) { return y2(0) - y2(t[s[0]][i]); })
        .attr('fill', s[1]);
    });
    legend(f, OUTCOMES.map(function (o) { return { label: o[1], color: o[2] }; }), 0, -22, true);
    legend(f, [{ label: 'restrictions started', color: '#e4572e' }, { label: 'restrictions lifted', color: '#2ca02c' }], 0, top + gap - 14, true);
    var rule = f.g.append('line').attr('class', 'hover-rule').attr('y1', 0).attr('y2', f.h).style('display', 'none');
    f.g.append('rect').attr('class', 'overlay').attr('width', f.w).attr('height', f.h)
      .on('mousemove', function (event) {
        var i = Math.max(0, Math.min(days.length - 1, Math.round(x.invert(d3.pointer(event)[0]) - days[0])));
        rule.style('display', null).attr('x1', x(days[i])).attr('x2', x(days[i]));
        showTip(event, ['day ' + days[i]].concat(OUTCOMES.map(function (o) { return o[1] + ': ' + plain(t[o[0]][i]); }),
          ['restrictions started: ' + plain(t.restrictionsStarted[i]), 'restrictions lifted: ' + plain(t.restrictionsLifted[i])]));
      })
      .on('mouseleave', function () { rule.style('display', 'none'); hideTip(); });
  }

  // ---------- chart: FPR by honest archetype ----------
  function renderFpr(d) {
    var rows = d.archetypes.filter(function (a) { return a.abusive === 0 && a.falsePositiveRate[0] !== null; });
    if (!rows.length) return message('fpr', 'No honest members at this point.');
    var f = frame('fpr', { title: 'False-positive rate by honest archetype', height: Math.max(180, rows.length * 40 + 70), margin: { left: 120, top: 22 } });
    var hi = d3.max(rows, function (a) { return a.falsePositiveRate[2] !== null ? a.falsePositiveRate[2] : a.falsePositiveRate[0]; });
    var x = d3.scaleLinear().domain([0, hi > 0 ? hi * 1.15 : 0.01]).range([0, f.w]).nice();
    var y = d3.scaleBand().domain(rows.map(function (a) { return a.name; })).range([0, f.h]).padding(0.35);
    f.g.append('g').attr('class', 'gridlines').attr('transform', 'translate(0,' + f.h + ')').call(d3.axisBottom(x).ticks(6).tickSize(-f.h).tickFormat(''));
    f.g.append('g').attr('class', 'axis').attr('transform', 'translate(0,' + f.h + ')').call(d3.axisBottom(x).ticks(6, '.2~%'));
    f.g.append('g').attr('class', 'axis').call(d3.axisLeft(y).tickSize(0).tickPadding(6));
    fitLabel(f.g.append('text').attr('class', 'axis-label').attr('x', f.w / 2).attr('y', f.h + 40).attr('text-anchor', 'middle').text("false-positive rate (share of the archetype's members restricted)"), f.w + 40);
    var bars = f.g.selectAll('rect.bar').data(rows).join('rect').attr('class', 'bar mark')
      .attr('x', 0).attr('y', function (a) { return y(a.name); }).attr('height', y.bandwidth())
      .attr('width', function (a) { return Math.max(1.5, x(a.falsePositiveRate[0])); }).attr('fill', '#e4572e').attr('fill-opacity', 0.75);
    hover(bars, function (a) {
      return [a.name, 'false-positive rate ' + fmtTriple('falsePositiveRate', a.falsePositiveRate), fInt(a.members) + ' members (mean over replicates)'];
    });
    rows.forEach(function (a) {
      var t = a.falsePositiveRate;
      if (t[1] === null) return;
      var cy = y(a.name) + y.bandwidth() / 2;
      f.g.append('line').attr('class', 'whisker mark').attr('x1', x(t[1])).attr('x2', x(t[2])).attr('y1', cy).attr('y2', cy);
      [t[1], t[2]].forEach(function (v) { f.g.append('line').attr('class', 'whisker').attr('x1', x(v)).attr('x2', x(v)).attr('y1', cy - 5).attr('y2', cy + 5); });
    });
    f.g.selectAll('text.value').data(rows).join('text').attr('class', 'value')
      .attr('x', function (a) { return x(a.falsePositiveRate[2] !== null ? a.falsePositiveRate[2] : a.falsePositiveRate[0]) + 6; })
      .attr('y', function (a) { return y(a.name) + y.bandwidth() / 2 + 4; })
      .text(function (a) { return d3.format('.2~%')(a.falsePositiveRate[0]); });
    var overall = byPoint.get(d.point).m.falsePositiveRate[0];
    if (overall !== null) {
      f.g.append('line').attr('class', 'chance').attr('x1', x(overall)).attr('x2', x(overall)).attr('y1', 0).attr('y2', f.h);
      f.g.append('text').attr('class', 'rule-label').attr('x', x(overall) + 4).attr('y', -4).text('all honest ' + d3.format('.2~%')(overall));
    }
  }

  // ---------- render ----------
  function renderSweep() {
    if (!hasSweep) return;
    var best = pick();
    var points = slice();
    renderPicker(best);
    renderPr(points, best);
    renderVs(points, best);
  }
  function renderPoint() {
    var d = detailByPoint.get(state.point);
    renderHeadline();
    renderScore(d);
    renderCdf(d);
    renderTimeline(d);
    renderFpr(d);
  }

  if (!data.points.length) {
    document.getElementById('headline-cards').textContent = 'No finished runs: nothing to chart.';
    return;
  }
  state.point = initialPoint();
  buildControls();
  renderPoint();
  renderSweep();
  // Print styles change font sizes and a resized window changes the charts' width: redraw for both.
  function redraw() { renderPoint(); renderSweep(); }
  window.matchMedia('print').addEventListener('change', redraw);
  invitesimTooltip.onResize(redraw);
  document.body.dataset.rendered = 'true';
})();
