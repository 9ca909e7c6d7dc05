/*
 * tooltip.js: the hover tooltip report.js and load.js share (the page's #tooltip element):
 * a title line and value lines as textContent, kept inside the window.
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
    if (x + r.width > window.innerWidth - 8) x = event.clientX - r.width - 14;
    if (y + r.height > window.innerHeight - 8) y = event.clientY - r.height - 14;
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  }
  function hide() { tip.hidden = true; }
  return { show: show, hide: hide };
})();
