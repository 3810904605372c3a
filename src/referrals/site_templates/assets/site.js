/* The site's behaviour: draw each chart from its compiled Vega spec, and filter the ledger.
   Everything works without it but the charts: the ledger stays grouped by verdict, every row visible. */
(function () {
  'use strict';

  function drawCharts() {
    document.querySelectorAll('.vega-chart').forEach(function (el) {
      var spec;
      try {
        spec = JSON.parse(document.getElementById(el.getAttribute('data-spec-id')).textContent);
      } catch (err) {
        el.setAttribute('data-rendered', 'error');
        console.error(err);
        return;
      }
      vegaEmbed(el, spec, {renderer: 'svg', actions: false, mode: 'vega'})
        .then(function () { el.setAttribute('data-rendered', 'true'); })
        .catch(function (err) { el.setAttribute('data-rendered', 'error'); console.error(err); });
    });
  }

  function filterLedger() {
    var form = document.getElementById('filters');
    if (!form) { return; }
    var verdict = document.getElementById('filter-verdict');
    var outlet = document.getElementById('filter-outlet');
    var status = document.getElementById('filter-status');
    var rows = Array.prototype.slice.call(document.querySelectorAll('tr[data-verdict]'));
    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var keep = (!verdict.value || row.getAttribute('data-verdict') === verdict.value) &&
                   (!outlet.value || row.getAttribute('data-outlet') === outlet.value);
        row.hidden = !keep;
        if (keep) { shown += 1; }
      });
      document.querySelectorAll('.verdict-group').forEach(function (group) {
        group.hidden = !group.querySelector('tr[data-verdict]:not([hidden])');
      });
      status.textContent = 'Showing ' + shown + ' of ' + rows.length + ' claims.';
    }
    verdict.addEventListener('change', apply);
    outlet.addEventListener('change', apply);
    form.addEventListener('submit', function (event) { event.preventDefault(); });
    form.hidden = false;
  }

  drawCharts();
  filterLedger();
})();
