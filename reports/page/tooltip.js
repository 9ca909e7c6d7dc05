/*
 * tooltip.js: what report.js and load.js share: the hover tooltip (the page's #tooltip
 * element: a title line and value lines as textContent, kept inside the window), and
 * onResize, which redraws charts when the window's width changes (they take their
 * container's width, so a phone turned sideways gets charts drawn for its new width).
 */
var invitesimTooltip = (function () {
  'use strict';

  var tip = document.getElementById('tooltip');
  function show(event, lines) {
    tip.textContent = '';
    lines.forEach(function (line, i) {
      var div = document.createElement('div');
      if (i === 0) div.className = 'tip-title';
      div.textContent = line;
      tip.appendChild(div);
    });
    tip.hidden = false;
    var x = event.clientX + 14;
    var y = event.clientY + 14;
    var r = tip.getBoundingClientRect();
    if (x + r.width > window.innerWidth - 8) x = Math.max(8, event.clientX - r.width - 14);
    if (y + r.height > window.innerHeight - 8) y = Math.max(8, event.clientY - r.height - 14);
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  }
  function hide() { tip.hidden = true; }

  /** Calls `redraw` once the window's width has settled at a new value (height changes, e.g. a phone's address bar, are ignored). */
  function onResize(redraw) {
    var width = window.innerWidth;
    var timer = null;
    window.addEventListener('resize', function () {
      if (window.innerWidth === width) return;
      width = window.innerWidth;
      clearTimeout(timer);
      timer = setTimeout(redraw, 150);
    });
  }
  return { show: show, hide: hide, onResize: onResize };
})();
